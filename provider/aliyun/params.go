package aliyun

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// templateParam encodes params as the JSON object Aliyun's TemplateParam
// expects: string values, keys in sorted order so that equal params always
// give equal JSON. No params give "", which sends no TemplateParam.
func templateParam(params map[string]string) string {
	if len(params) == 0 {
		return ""
	}
	keys := make([]string, 0, len(params))
	size := 2
	for k, v := range params {
		keys = append(keys, k)
		size += len(k) + len(v) + 6
	}
	slices.Sort(keys)
	var b strings.Builder
	b.Grow(size)
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, k)
		b.WriteByte(':')
		writeJSONString(&b, params[k])
	}
	b.WriteByte('}')
	return b.String()
}

const hexDigits = "0123456789abcdef"

// writeJSONString writes s as a JSON string. It escapes what JSON requires
// (quote, backslash, control characters) and U+2028 and U+2029, and keeps
// everything else, including "<", ">" and "&", as it is.
func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == '\u2028' || r == '\u2029' || r == utf8.RuneError && size == 1 {
				b.WriteString(s[start:i])
				if r == utf8.RuneError {
					b.WriteString(`\ufffd`)
				} else {
					b.WriteString(`\u202`)
					b.WriteByte(hexDigits[r&0xf])
				}
				start = i + size
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		b.WriteString(s[start:i])
		switch c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xf])
		}
		i++
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}
