package aliyun

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAliyunNumber(t *testing.T) {
	tests := []struct{ e164, want string }{
		{"+8613800138000", "13800138000"},
		{"+85251234567", "85251234567"},
		{"+85366123456", "85366123456"},
		{"+886912345678", "886912345678"},
		{"+14155552671", "14155552671"},
		{"+447911123456", "447911123456"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, aliyunNumber(tt.e164), tt.e164)
	}
}

func TestTemplateParam(t *testing.T) {
	tests := []struct {
		name   string
		params map[string]string
		want   string
	}{
		{"none", nil, ""},
		{"empty", map[string]string{}, ""},
		{"one", map[string]string{"code": "1234"}, `{"code":"1234"}`},
		{"sorted keys", map[string]string{"z": "1", "a": "2", "m": "3"}, `{"a":"2","m":"3","z":"1"}`},
		{"escapes", map[string]string{"q": `say "hi" \ now`}, `{"q":"say \"hi\" \\ now"}`},
		{"html kept", map[string]string{"h": "<a&b>"}, `{"h":"<a&b>"}`},
		{"unicode kept", map[string]string{"name": "张三🎉"}, `{"name":"张三🎉"}`},
		{"line separators escaped", map[string]string{"s": "a\u2028b\u2029c"}, `{"s":"a\u2028b\u2029c"}`},
		{"control characters escaped", map[string]string{"c": "a\nb\tc\x01"}, `{"c":"a\nb\tc\u0001"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := templateParam(tt.params)
			assert.Equal(t, tt.want, got)
			if got != "" {
				var back map[string]string
				require.NoError(t, json.Unmarshal([]byte(got), &back))
				assert.Equal(t, tt.params, back)
			}
		})
	}
	// Deterministic: the same params always give the same bytes.
	p := map[string]string{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5"}
	first := templateParam(p)
	for range 50 {
		require.Equal(t, first, templateParam(p))
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		message string
		want    time.Duration
	}{
		{"触发分钟级流控Permits:1", time.Minute},
		{"触发小时级流控Permits:5", time.Hour},
		{"触发天级流控Permits:10", 24 * time.Hour},
		{"", time.Minute},
		{"something else", time.Minute},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, retryAfter(tt.message), tt.message)
	}
}

func TestClassOf(t *testing.T) {
	assert.Equal(t, unknownCode, classOf("isv.NEW", 200))
	assert.Equal(t, unknownCode, classOf("Whatever", 404))
	assert.Equal(t, serverFault, classOf("Whatever", 503))
	assert.Equal(t, perNumber, classOf("isv.BUSINESS_LIMIT_CONTROL", 200))
	assert.Equal(t, nonceReused, classOf("SignatureNonceUsed", 400))
	for code, c := range classes {
		assert.NotEmpty(t, c.what, code)
		if c != nonceReused {
			assert.True(t, c.notAccepted, code)
		}
	}
}

func TestSafeProviderMessage(t *testing.T) {
	var sec secrets
	sec.Add("LTAIkey")
	sec.Add("13800138000")
	sec.Add("张三")
	tests := []struct{ in, want string }{
		{"触发分钟级流控Permits:1", "触发分钟级流控Permits:1"},
		{"  Specified signature is not matched.  ", "Specified signature is not matched."},
		{"", ""},
		{"key LTAIkey is bad", ""},
		{"number 13800138000", ""},
		{"number %2B8613800138000", ""},
		{"name " + url.QueryEscape("张三"), ""},
		{"other number 13912345678", ""},
		{"string to sign POST&%2F&AccessKeyId%3Dx", ""},
		{"a=b&c=d", ""},
		{"bad utf8 \xff", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, safeProviderMessage(tt.in, sec), tt.in)
	}
	long := safeProviderMessage(string(make([]byte, 500)), sec)
	assert.LessOrEqual(t, len([]rune(long)), maxProviderMessage+1)
}

func TestSanitize(t *testing.T) {
	var sec secrets
	sec.Add("LTAIkey")
	sec.Add("13800138000")
	signed := "http://127.0.0.1:1/?AccessKeyId=LTAIkey&PhoneNumbers=13800138000&Signature=abc"
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}

	got := sanitize(&url.Error{Op: "Post", URL: signed, Err: refused}, sec)
	assert.Equal(t, `Post "http://127.0.0.1:1/": dial tcp: connection refused`, got.Error())
	var op *net.OpError
	assert.ErrorAs(t, got, &op, "the cause stays reachable")

	got = sanitize(&url.Error{Op: "Post", URL: signed, Err: errors.New("echo 13800138000")}, sec)
	assert.ErrorIs(t, got, errWithheld)
	assert.Equal(t, `Post "http://127.0.0.1:1/": `+errWithheld.Error(), got.Error())

	got = sanitize(&url.Error{Op: "Post", URL: signed, Err: context.Canceled}, sec)
	assert.ErrorIs(t, got, context.Canceled)
	assert.NotContains(t, got.Error(), "LTAIkey")
}
