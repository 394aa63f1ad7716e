package wire

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/smskit/sms"
)

func TestParseEndpoint(t *testing.T) {
	tests := []struct {
		raw  string
		ok   bool
		path string
	}{
		{"https://api.example.com", true, ""},
		{"http://127.0.0.1:8080/", true, ""},
		{"https://proxy.example.com/twilio/", true, "/twilio"},
		{"127.0.0.1:8080", false, ""},
		{"ftp://example.com", false, ""},
		{"https://", false, ""},
		{"https://example.com/" + strings.Repeat("a", 2048), false, ""},
	}
	for _, tt := range tests {
		u, ok := ParseEndpoint(tt.raw)
		assert.Equal(t, tt.ok, ok, tt.raw)
		if ok {
			assert.Equal(t, tt.path, u.Path, tt.raw)
		}
	}
}

// TestVerifyCodes pins the classification of Verify v2's codes, which
// twilioverify relies on.
func TestVerifyCodes(t *testing.T) {
	cl := NewClient("AC00000000000000000000000000000001", "0123456789abcdef0123456789abcdef", nil, nil, nil)
	tests := []struct {
		status, code int
		want         sms.Code
	}{
		{400, 60200, sms.InvalidArgument},
		{429, 60202, sms.RateLimited},
		{429, 60203, sms.RateLimited},
		{400, 60205, sms.InvalidArgument},
		{429, 60212, sms.RateLimited},
		{403, 60410, sms.PermissionDenied},
		{403, 60605, sms.PermissionDenied},
		{429, 14107, sms.RateLimited},
	}
	for _, tt := range tests {
		e := cl.FromCode(tt.status, tt.code, "")
		assert.Equal(t, tt.want, e.Code, "%d", tt.code)
		assert.True(t, e.NotAccepted)
		assert.Equal(t, codes[tt.code].text, e.Message, "a 429 with a known code says what it is")
	}
	e := cl.FromCode(http.StatusTooManyRequests, 0, "")
	assert.Equal(t, "too many requests", e.Message)
}
