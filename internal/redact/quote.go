package redact

import (
	"strconv"
	"unicode/utf8"
)

// MaxScan is how much of a text Secrets.Quote redacts: the first MaxScan
// bytes, so that quoting a huge answer costs no more than quoting 64 KiB.
const MaxScan = 64 << 10

// Truncate returns s cut to at most max runes, with "…" appended when it
// was cut. An invalid byte counts as one rune; a negative max is 0.
func Truncate(s string, max int) string {
	if t, cut := cutRunes(s, max); cut {
		return t + "…"
	}
	return s
}

// Quote returns s for an error message or a log line: at most max runes of
// it as a double-quoted Go string literal (control characters, newlines and
// invalid bytes escaped, so a quoted string cannot forge a log line), with
// "…" after the closing quote when s was cut: Quote("SMS_123", 4) is
// `"SMS_"…`. The result holds at most 10*max+5 bytes. Quote(s,
// sms.MaxQuoteLength) is sms.Quote(s), the core's quoting of names. Quote
// does not redact: use Secrets.Quote for text that may hold secrets.
func Quote(s string, max int) string {
	t, cut := cutRunes(s, max)
	return quote(t, cut)
}

// Quote is Quote of text redacted (see Redact). It redacts the first
// MaxScan bytes of text only, dropping a number that may continue past
// them, so it costs O(MaxScan) at most.
func (s Secrets) Quote(text string, max int) string {
	scanned := text
	if len(scanned) > MaxScan {
		end := MaxScan
		for end > 0 && !utf8.RuneStart(text[end]) {
			end--
		}
		scanned = trimNumberTail(text[:end])
	}
	t, cut := cutRunes(s.Redact(scanned), max)
	return quote(t, cut || len(scanned) < len(text))
}

// quote quotes t and marks it as cut.
func quote(t string, cut bool) string {
	if cut {
		return strconv.Quote(t) + "…"
	}
	return strconv.Quote(t)
}

// cutRunes returns the first max runes of s and whether that cut anything.
func cutRunes(s string, max int) (string, bool) {
	n := 0
	for i := range s {
		if n >= max {
			return s[:i], true
		}
		n++
	}
	return s, false
}

// trimNumberTail drops the digits, separators and plus signs at the end of
// s: the start of a number that a cut may have split.
func trimNumberTail(s string) string {
	for s != "" {
		r, w := utf8.DecodeLastRuneInString(s)
		if _, ok := digitValue(r); !ok && !isSeparator(r) && !isPlus(r) {
			break
		}
		s = s[:len(s)-w]
	}
	return s
}
