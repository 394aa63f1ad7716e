package redact_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/smskit/sms/internal/redact"
)

func TestAddMessage(t *testing.T) {
	var s redact.Secrets
	s.AddMessage("+8613800138000", "13800138000", map[string]string{"code": "482913", "name": "Zhang Wei"}, "order-77123")
	for _, text := range []string{"8000", "482913", "Zhang Wei", "order-77123"} {
		assert.True(t, s.In("x "+text+" y"), text)
	}

	var none redact.Secrets
	none.AddMessage("+86", "", nil, "")
	assert.Empty(t, none, "no national number, no params, no reference: nothing recorded")
}

func TestProviderMessage(t *testing.T) {
	var sec redact.Secrets
	sec.AddMessage("+8613800138000", "13800138000", map[string]string{"code": "482913"}, "")
	sec.AddCredential("Zq8Xv2Ww9Pp0KkSecretValue")
	tests := []struct {
		name, msg, want string
		max             int
	}{
		{"plain, trimmed", "  template not approved \n", "template not approved", 200},
		{"cut", "template not approved", "template…", 8},
		{"empty", "   ", "", 200},
		{"invalid UTF-8", "bad \xff text", "", 200},
		{"query string", "sign=abc", "", 200},
		{"percent", "100% full", "", 200},
		{"control character", "a\x00b", "", 200},
		{"a code of the call", "code 482913 is wrong", "", 200},
		{"a credential of the call", "key Zq8Xv2Ww9Pp0KkSecretValue refused", "", 200},
		{"any phone number", "number 415 555 2671 refused", "", 200},
		{"a fragment of the recipient", "number ending 8000 refused", "", 200},
		{"checked after the cut", "ok " + strings.Repeat("x", 10) + " 482913", "ok xxxxxxx…", 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, sec.ProviderMessage(tt.msg, tt.max))
		})
	}
}
