package redact_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

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
		{"SMS_123", 4, `"SMS_"… (7 bytes)`},
		{"a\nINFO forged", 40, `"a\nINFO forged"`},
		{"张三🎉", 2, `"张三"… (10 bytes)`},
		{"\xff\xfe", 1, `"\xff"… (2 bytes)`},
		{"", 5, `""`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, redact.Quote(tt.in, tt.max), "%q %d", tt.in, tt.max)
	}
	huge := strings.Repeat("\x01", 1<<20)
	assert.LessOrEqual(t, len(redact.Quote(huge, 100)), 10*100+40)
}

func TestSecretsQuote(t *testing.T) {
	var sec redact.Secrets
	sec.AddCredential("LTAI5tBcXyZ9QwErTy12")
	assert.Equal(t, `"key [redacted] to [redacted]"`, sec.Quote("key LTAI5tBcXyZ9QwErTy1 to +86 139 1234 5678", 100))
	assert.Equal(t, `"key [re"… (44 bytes)`, sec.Quote("key LTAI5tBcXyZ9QwErTy1 to +86 139 1234 5678", 7))

	// A number split by MaxScan: its start is dropped, not shown.
	long := strings.Repeat("x", redact.MaxScan-8) + " +86 139 1234 5678"
	got := sec.Quote(long, 2*redact.MaxScan)
	assert.True(t, strings.HasSuffix(got, `x"… (65546 bytes)`), got[len(got)-40:])
	assert.True(t, utf8.ValidString(got))
}
