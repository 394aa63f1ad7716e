package aliyun

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
