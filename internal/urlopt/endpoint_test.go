package urlopt

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSDKEndpoint(t *testing.T) {
	tests := []struct {
		in, scheme, domain string
		bad                bool
	}{
		{in: "", scheme: "HTTPS", domain: "default.example.com"},
		{in: "sms.example.com", scheme: "HTTPS", domain: "sms.example.com"},
		{in: "http://127.0.0.1:8080", scheme: "HTTP", domain: "127.0.0.1:8080"},
		{in: "https://h/", scheme: "HTTPS", domain: "h"},
		{in: "https://user:pw@h", bad: true},
		{in: "https://h/path", bad: true},
		{in: "https://h?x=1", bad: true},
		{in: "ftp://h", bad: true},
		{in: "https://", bad: true},
	}
	for _, tt := range tests {
		scheme, domain, problem := SDKEndpoint(tt.in, "default.example.com")
		if tt.bad {
			assert.NotEmpty(t, problem, tt.in)
			assert.NotContains(t, problem, "pw", tt.in)
			continue
		}
		assert.Empty(t, problem, tt.in)
		assert.Equal(t, tt.scheme, scheme, tt.in)
		assert.Equal(t, tt.domain, domain, tt.in)
	}
}
