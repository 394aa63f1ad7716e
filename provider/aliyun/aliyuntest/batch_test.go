package aliyuntest

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
)

func TestSendBatchSmsValidation(t *testing.T) {
	clock := testclock.New(t0)
	srv := NewServer(Options{
		Now:   clock.Now,
		Signs: []string{"签名甲", "签名乙"},
		Templates: map[string]Template{
			"SMS_NOTE": {Text: "${name}您好", Kind: Notification},
			"SMS_CODE": {Text: "验证码${code}", Kind: Verification},
			"SMS_INTL": {Text: "Hello ${name}", Kind: International},
		},
	})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)

	many := make([]string, 101)
	signs := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("1390000%04d", i)
		signs[i] = "签名甲"
	}
	jsonOf := func(v any) string {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		return string(b)
	}
	base := map[string]string{
		"PhoneNumberJson":   `["13800138000","13900139000"]`,
		"SignNameJson":      `["签名甲","签名乙"]`,
		"TemplateCode":      "SMS_NOTE",
		"TemplateParamJson": `[{"name":"张三"},{"name":"李四"}]`,
	}
	tests := []struct {
		name   string
		params map[string]string
		status int
		code   string
	}{
		{"missing PhoneNumberJson", map[string]string{"PhoneNumberJson": ""}, 400, "MissingPhoneNumberJson"},
		{"missing SignNameJson", map[string]string{"SignNameJson": ""}, 400, "MissingSignNameJson"},
		{"missing TemplateCode", map[string]string{"TemplateCode": ""}, 400, "MissingTemplateCode"},
		{"numbers not JSON", map[string]string{"PhoneNumberJson": `13800138000`}, 200, "isv.INVALID_JSON_PARAM"},
		{"numbers as JSON numbers", map[string]string{"PhoneNumberJson": `[13800138000,13900139000]`}, 200, "isv.INVALID_JSON_PARAM"},
		{"no numbers", map[string]string{"PhoneNumberJson": `[]`, "SignNameJson": `[]`}, 200, "isv.MOBILE_NUMBER_ILLEGAL"},
		{"101 numbers", map[string]string{"PhoneNumberJson": jsonOf(many), "SignNameJson": jsonOf(signs)}, 200, "isv.MOBILE_COUNT_OVER_LIMIT"},
		{"invalid number", map[string]string{"PhoneNumberJson": `["13800138000","1234"]`}, 200, "isv.MOBILE_NUMBER_ILLEGAL"},
		{"fewer signs than numbers", map[string]string{"SignNameJson": `["签名甲"]`}, 200, "isv.INVALID_PARAMETERS"},
		{"fewer params than numbers", map[string]string{"TemplateParamJson": `[{"name":"张三"}]`}, 200, "isv.INVALID_PARAMETERS"},
		{"params not objects", map[string]string{"TemplateParamJson": `["张三","李四"]`}, 200, "isv.INVALID_JSON_PARAM"},
		{"param not a string", map[string]string{"TemplateParamJson": `[{"name":"张三"},{"name":7}]`}, 200, "isv.INVALID_JSON_PARAM"},
		{"unknown sign", map[string]string{"SignNameJson": `["签名甲","签名丙"]`}, 200, "isv.SMS_SIGNATURE_ILLEGAL"},
		{"unknown template", map[string]string{"TemplateCode": "SMS_X"}, 200, "isv.SMS_TEMPLATE_ILLEGAL"},
		{"international number", map[string]string{"PhoneNumberJson": `["13800138000","85291234567"]`}, 200, "isv.DOMESTIC_NUMBER_NOT_SUPPORTED"},
		{"international template", map[string]string{"TemplateCode": "SMS_INTL"}, 200, "isv.DOMESTIC_NUMBER_NOT_SUPPORTED"},
		{"missing variable", map[string]string{"TemplateParamJson": `[{"name":"张三"},{}]`}, 200, "isv.TEMPLATE_MISSING_PARAMETERS"},
		{"no TemplateParamJson", map[string]string{"TemplateParamJson": ""}, 200, "isv.TEMPLATE_MISSING_PARAMETERS"},
		{"verification code length", map[string]string{"TemplateCode": "SMS_CODE", "TemplateParamJson": `[{"code":"1234"},{"code":"12"}]`}, 200, "isv.PARAM_LENGTH_LIMIT"},
		{"extend codes misaligned", map[string]string{"SmsUpExtendCodeJson": `["1"]`}, 200, "isv.INVALID_PARAMETERS"},
		{"extend code not digits", map[string]string{"SmsUpExtendCodeJson": `["1","x"]`}, 200, "isv.INVALID_PARAMETERS"},
		{"repeated number over the minute limit", map[string]string{"TemplateCode": "SMS_CODE", "PhoneNumberJson": `["13800138000","13800138000"]`, "SignNameJson": `["签名甲","签名甲"]`, "TemplateParamJson": `[{"code":"1234"},{"code":"5678"}]`}, 200, "isv.BUSINESS_LIMIT_CONTROL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := map[string]string{}
			for k, v := range base {
				p[k] = v
			}
			for k, v := range tt.params {
				p[k] = v
			}
			r := c.on(t).call("SendBatchSms", p)
			assert.Equal(t, tt.status, r.Status)
			assert.Equal(t, tt.code, r.Code, r.Message)
		})
	}
	assert.Empty(t, srv.Messages())

	p := map[string]string{"SmsUpExtendCodeJson": `["1","22"]`, "OutId": "batch-1"}
	for k, v := range base {
		p[k] = v
	}
	r := c.call("SendBatchSms", p)
	require.Equal(t, "OK", r.Code, r.Message)
	msgs := srv.Messages()
	require.Len(t, msgs, 2)
	assert.Equal(t, "【签名甲】张三您好", msgs[0].Content)
	assert.Equal(t, "【签名乙】李四您好", msgs[1].Content)
	assert.Equal(t, "22", msgs[1].UpExtendCode)
	assert.Equal(t, "batch-1", msgs[1].OutID)
	assert.Equal(t, r.BizID, msgs[0].BizID)
	assert.Equal(t, r.BizID, msgs[1].BizID)

	// 100 numbers are allowed.
	r = c.call("SendBatchSms", map[string]string{"PhoneNumberJson": jsonOf(many[:100]), "SignNameJson": jsonOf(signs[:100]), "TemplateCode": "SMS_NOTE",
		"TemplateParamJson": jsonOf(repeat(map[string]string{"name": "王五"}, 100))})
	require.Equal(t, "OK", r.Code, r.Message)
	assert.Len(t, srv.Messages(), 102)
}

func repeat[T any](v T, n int) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = v
	}
	return out
}
