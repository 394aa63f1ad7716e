package redact_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/smskit/sms/internal/redact"
)

// TestWrittenNumbers checks the rule for numbers of unknown digits: seven
// or more digits of any script, separated by at most two separators, are
// redacted whole, a leading '+' with them.
func TestWrittenNumbers(t *testing.T) {
	tests := []struct{ in, want string }{
		{"to +86 139 1234 5678.", "to [redacted]."},
		{"to 139-1234-5678!", "to [redacted]!"},
		{"call (415) 555-2671 now", "call ([redacted] now"},
		{"+1.415.555.2671", "[redacted]"},
		{"0086 139 1234 5678", "[redacted]"},
		{"to=%2B8613912345678&x", "to=%2B[redacted]&x"},
		{"＋８６ １３９ １２３４ ５６７８", "[redacted]"},           // full-width digits and plus, ASCII spaces
		{"tel ١٣٩١٢٣٤٥٦٧٨ end", "tel [redacted] end"}, // Arabic-Indic digits
		{"139\u00a01234\u00a05678", "[redacted]"},     // no-break spaces
		{"1 3 9 1 2 3 4", "[redacted]"},               // single digits
		{"139/1234/5678", "[redacted]"},               // slashes
		{"(0)139-1234", "([redacted]"},                // two separators between digits
		{"12 - 34 - 567", "12 - 34 - 567"},            // three separators: separate runs
		{"123456", "123456"},                          // six digits
		{"HTTP 503", "HTTP 503"},                      // short
		{"a1b2c3d4e5f6g7h8", "a1b2c3d4e5f6g7h8"},      // letters break runs
		{"2024-06-15", "[redacted]"},                  // the cost of the rule: dates go
		{"code 21211, status 503, port 8443", "code 21211, status 503, port 8443"},
		{"dial tcp 47.246.136.201:443: refused", "dial tcp 47.246.136.201:443: refused"}, // IPv4
		{"ip 255.255.255.255.", "ip 255.255.255.255."},
		{"ip 47.246.136.256", "ip [redacted]"},   // not an address
		{"ip 147.246.136.20.1", "ip [redacted]"}, // five groups
		{"ip 47..246.136.201", "ip [redacted]"},  // two dots
		{"+47.246.136.201", "[redacted]"},        // a '+' makes it a number
		{"tel 12.34.567.8901", "tel [redacted]"}, // a group of four
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, redact.Redact(tt.in), tt.in)
		assert.Equal(t, tt.want != tt.in, redact.HasNumber(tt.in), tt.in)
		if tt.want != tt.in {
			assert.True(t, redact.LongDigitRun(tt.in, redact.MinNumberDigits), tt.in)
		}
		assert.Equal(t, tt.want != tt.in, redact.Secrets(nil).In(tt.in), tt.in)
	}
	assert.True(t, redact.LongDigitRun("a 12 34", 4))
	assert.False(t, redact.LongDigitRun("a 12 x 34", 4))
}

// TestKnownNumberFragments checks that any four or more digits of a known
// number go, in any written form, while other short digit runs stay.
func TestKnownNumberFragments(t *testing.T) {
	var sec redact.Secrets
	sec.AddNumber("+86 139 1234 5678")
	tests := []struct{ in, want string }{
		{"ends in 5678.", "ends in [redacted]."},
		{"got 139 123 back", "got [redacted] back"},
		{"got 9-1234-5 back", "got [redacted] back"},
		{"got １２３４ back", "got [redacted] back"},
		{"HTTP 503, code 21211", "HTTP 503, code 21211"},
		{"x5679y", "x5679y"},
		{"x567", "x567"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, sec.Redact(tt.in), tt.in)
	}
}

// TestCredentialFragments checks that six or more bytes of a credential go,
// ignoring case, and fewer stay.
func TestCredentialFragments(t *testing.T) {
	var sec redact.Secrets
	sec.AddCredential("LTAI5tBcXyZ9QwErTy12")
	sec.AddCredential("0123456789abcdef0123456789abcdef")
	sec.AddCredential("abc")
	tests := []struct{ in, want string }{
		{"id LTAI5tBcXyZ9QwErTy1 bad", "id [redacted] bad"}, // 19 of 20
		{"id TAI5tB bad", "id [redacted] bad"},              // 6
		{"id TAI5t bad", "id TAI5t bad"},                    // 5
		{"id ltai5tbcxy bad", "id [redacted] bad"},          // case ignored
		{"token 89ABCDEF0123 x", "token [redacted] x"},
		{"short abc x", "short [redacted] x"}, // credentials under 6 bytes match whole
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, sec.Redact(tt.in), tt.in)
	}
}

// TestValuesAndCodes checks that values of 4 bytes or more go whole, codes
// in any written form, and shorter values stay.
func TestValuesAndCodes(t *testing.T) {
	var sec redact.Secrets
	sec.AddValue("张三")
	sec.AddValue("472913")
	sec.AddValue("8812")
	sec.AddValue("ok")
	sec.AddValue("order shipped")
	tests := []struct{ in, want string }{
		{"name=张三;", "name=[redacted];"},
		{"name=%E5%BC%A0%E4%B8%89;", "name=[redacted];"},
		{"code 472913.", "code [redacted]."},
		{"code 472 913.", "code [redacted]."},
		{"code ４７２９１３.", "code [redacted]."},
		{"id x088123y", "id x0[redacted]3y"},
		{"id 4729130", "id [redacted]"},
		{"text order+shipped", "text [redacted]"},
		{"ok fine", "ok fine"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, sec.Redact(tt.in), tt.in)
	}
}

// TestAddKinds checks how Add guesses a secret's kind.
func TestAddKinds(t *testing.T) {
	tests := []struct {
		in   string
		want redact.Kind
	}{
		{"+8613800138000", redact.Number},
		{"13800138000", redact.Number},
		{"472913", redact.Code},
		{"LTAI5tBcXyZ9QwErTy12", redact.Credential},
		{"0123456789abcdef0123456789abcdef", redact.Credential},
		{"dGVzdDp0b2tlbi12345+/=", redact.Credential},
		{"abcdefghijklmnopqrstuvwxyz", redact.Value}, // no digit
		{"https://example.com/a1b2c3d4", redact.Value},
		{"张三🎉", redact.Value},
	}
	for _, tt := range tests {
		var sec redact.Secrets
		sec.Add(tt.in)
		if assert.NotEmpty(t, sec, tt.in) {
			assert.Equal(t, tt.want, sec[0].Kind, tt.in)
		}
	}
	var sec redact.Secrets
	sec.Add("")
	sec.AddValue("abc")
	sec.AddNumber("123")
	assert.Empty(t, sec, "empty, short values and numbers are ignored")
	sec.AddNumber("+86 138 0013 8000")
	sec.AddNumber("8613800138000")
	assert.Equal(t, redact.Secrets{{Kind: redact.Number, Text: "8613800138000"}}, sec, "numbers are kept as digits, once")
}

// TestSecretsDoNotPrint checks that Secrets and Secret never print what
// they hold.
func TestSecretsDoNotPrint(t *testing.T) {
	var sec redact.Secrets
	sec.AddCredential("LTAI5tBcXyZ9QwErTy12")
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, sprintf(f, sec), "LTAI", f)
		assert.NotContains(t, sprintf(f, sec[0]), "LTAI", f)
		assert.NotContains(t, sprintf(f, struct{ S redact.Secrets }{sec}), "LTAI", f)
	}
	assert.Equal(t, "redact.Secret(credential, 20 bytes)", sec[0].String())
	assert.True(t, strings.HasPrefix(sec.String(), "redact.Secrets("))
}
