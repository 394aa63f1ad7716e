package redact

import (
	"strings"
	"unicode/utf8"
)

// Marker replaces every redacted span.
const Marker = "[redacted]"

// In reports whether text shows any of the secrets, or a written number of
// MinNumberDigits or more digits: whether Redact would change it.
func (s Secrets) In(text string) bool {
	k := sink{stop: true, n: len(text)}
	s.compile(true).scan(text, &k)
	return k.found
}

// Redact returns text with every span the redaction rule matches (see the
// package documentation) replaced by Marker. Spans are widened to whole
// runes, so the result is valid UTF-8 wherever text was.
func (s Secrets) Redact(text string) string {
	return s.compile(true).redact(text)
}

// Redact returns text with every written number of MinNumberDigits or more
// digits replaced by Marker: the rule for text of no known call.
func Redact(text string) string { return Secrets(nil).Redact(text) }

// redact replaces the spans m finds in text.
func (m *matcher) redact(text string) string {
	k := sink{n: len(text)}
	m.scan(text, &k)
	if !k.found {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for i := 0; i < len(text); {
		if !k.marked(i) {
			i++
			continue
		}
		a := i
		for a > last && !utf8.RuneStart(text[a]) {
			a--
		}
		for i < len(text) && (k.marked(i) || !utf8.RuneStart(text[i])) {
			i++
		}
		b.WriteString(text[last:a])
		b.WriteString(Marker)
		last = i
	}
	b.WriteString(text[last:])
	return b.String()
}
