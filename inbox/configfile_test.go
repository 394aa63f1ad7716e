package inbox

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

func TestReadFile(t *testing.T) {
	var cfg Config
	err := ReadFile(strings.NewReader(`{
		"aliyun": {"keys": {"K1": "S1"}, "signs": ["MyShop"],
			"templates": {"SMS_100001": {"text": "您的验证码为：${code}", "kind": "Verification"}}},
		"twilio": {"accounts": {"AC1": "T1"}, "from": ["+15005550006"]}
	}`), &cfg)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"K1": "S1"}, cfg.Aliyun.Keys)
	assert.Equal(t, []string{"MyShop"}, cfg.Aliyun.Signs)
	assert.Equal(t, aliyuntest.Template{Text: "您的验证码为：${code}", Kind: aliyuntest.Verification}, cfg.Aliyun.Templates["SMS_100001"])
	assert.Equal(t, map[string]string{"AC1": "T1"}, cfg.Twilio.Accounts)
	assert.Nil(t, cfg.Twilio.MessagingServices, "absent: the emulator's default")

	for name, bad := range map[string]string{
		"syntax":        `{"aliyun": `,
		"unknown field": `{"aliyun": {"kyes": {}}}`,
		"bad kind":      `{"aliyun": {"templates": {"SMS_1": {"text": "x", "kind": "spam"}}}}`,
		"no text":       `{"aliyun": {"templates": {"SMS_1": {"kind": "notification"}}}}`,
		"empty secret":  `{"aliyun": {"keys": {"K1": ""}}}`,
	} {
		err := ReadFile(strings.NewReader(bad), &Config{})
		assert.Error(t, err, name)
	}
	err = ReadFile(strings.NewReader(`{"aliyun": {"keys": "topsecret"}}`), &Config{})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "topsecret")
}

func TestPermissiveInbox(t *testing.T) {
	s := start(t, Config{Aliyun: aliyuntest.Options{Permissive: true}})
	c := classicSDK(t)
	req := sendRequest(s, "13800138000")
	req.SignName, req.TemplateCode, req.TemplateParam = "AnyShop", "SMS_999", `{"otp":"7788","name":"Li"}`
	resp, err := c.SendSms(req)
	require.NoError(t, err)
	require.Equal(t, "OK", resp.Code)
	var code Code
	require.Equal(t, 200, call(t, s, "GET", "/api/v1/numbers/13800138000/code", "", &code))
	assert.Equal(t, "7788", code.Code)
	var m Message
	require.Equal(t, 200, call(t, s, "GET", "/api/v1/numbers/13800138000/latest", "", &m))
	assert.Equal(t, "【AnyShop】 SMS_999 name=Li, otp=7788", m.Text)
}
