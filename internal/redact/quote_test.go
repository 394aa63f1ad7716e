package redact_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"张三🎉x", 3, "张三🎉…"},
		{"张三🎉x", 2, "张三…"},
		{"abc", 0, "…"},
		{"abc", -1, "…"},
		{"", 0, ""},
		{"a\xffb", 2, "a\xff…"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, redact.Truncate(tt.in, tt.max), "%q %d", tt.in, tt.max)
	}
}

func TestQuote(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"SMS_123", 10, `"SMS_123"`},
		{"SMS_123", 4, `"SMS_"…`},
		{"a\nINFO forged", 40, `"a\nINFO forged"`},
		{"张三🎉", 2, `"张三"…`},
		{"\xff\xfe", 1, `"\xff"…`},
		{"", 5, `""`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, redact.Quote(tt.in, tt.max), "%q %d", tt.in, tt.max)
	}
	huge := strings.Repeat("\x01", 1<<20)
	assert.LessOrEqual(t, len(redact.Quote(huge, 100)), 10*100+5)
	assert.LessOrEqual(t, len(redact.Quote(strings.Repeat("\U0010FFFF", 200), 100)), 10*100+5)
}

// TestQuoteIsCoreQuote checks that the core's quoting of names is Quote
// with sms.MaxQuoteLength: one rule, whichever package quotes.
func TestQuoteIsCoreQuote(t *testing.T) {
	for _, s := range []string{"", "SMS_123", strings.Repeat("a", sms.MaxQuoteLength),
		strings.Repeat("a", sms.MaxQuoteLength+1), strings.Repeat("张", 100), strings.Repeat("\xff", 100),
		"line\nbreak", strings.Repeat("🎉", sms.MaxQuoteLength) + "x"} {
		assert.Equal(t, sms.Quote(s), redact.Quote(s, sms.MaxQuoteLength), "%q", s)
	}
}

func TestSecretsQuote(t *testing.T) {
	var sec redact.Secrets
	sec.AddCredential("LTAI5tBcXyZ9QwErTy12")
	assert.Equal(t, `"key [redacted] to [redacted]"`, sec.Quote("key LTAI5tBcXyZ9QwErTy1 to +86 139 1234 5678", 100))
	assert.Equal(t, `"key [re"…`, sec.Quote("key LTAI5tBcXyZ9QwErTy1 to +86 139 1234 5678", 7))

	// A number split by MaxScan: its start is dropped, not shown.
	long := strings.Repeat("x", redact.MaxScan-8) + " +86 139 1234 5678"
	got := sec.Quote(long, 2*redact.MaxScan)
	assert.True(t, strings.HasSuffix(got, `x"…`), got[len(got)-40:])
	assert.True(t, utf8.ValidString(got))
}
