package aliyuntest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
)

func TestParsePhone(t *testing.T) {
	tests := []struct {
		in       string
		key      string
		mainland bool
		ok       bool
	}{
		{"13800138000", "13800138000", true, true},
		{"+8613800138000", "13800138000", true, true},
		{"008613800138000", "13800138000", true, true},
		{"8613800138000", "13800138000", true, true},
		{" 19912345678 ", "19912345678", true, true},
		{"85291234567", "85291234567", false, true},   // Hong Kong mobile
		{"85362812345", "85362812345", false, true},   // Macau mobile
		{"886912345678", "886912345678", false, true}, // Taiwan mobile
		{"447911123456", "447911123456", false, true}, // United Kingdom mobile
		// Aliyun reads 11 digits starting with 1 as a mainland number, so a
		// +1 number without "+" is one: the US number +1 312 555 0100 is the
		// mainland mobile number 131 2555 0100, and +1 202 555 0123 no
		// valid number at all.
		{"13125550100", "13125550100", true, true},
		{"8613125550100", "13125550100", true, true},
		{"12025550123", "", false, false},
		{"+13125550100", "", false, false}, // "+" only for +86
		{"1380013800", "", false, false},   // 10 digits
		{"138001380000", "", false, false}, // 12 digits
		{"12800138000", "", false, false},  // no such mainland prefix
		{"+8612800138000", "", false, false},
		{"+85291234567", "", false, false}, // "+" only for +86
		{"861012345678", "", false, false}, // mainland fixed line
		{"85212", "", false, false},
		{"1380013800a", "", false, false},
		{"", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, ok := parsePhone(tt.in)
			require.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.key, p.key)
			assert.Equal(t, tt.mainland, p.mainland)
		})
	}
}

// Every business error of SendSms, each an HTTP 200 with Aliyun's code and
// nothing accepted.
func TestSendSmsValidation(t *testing.T) {
	clock := testclock.New(t0)
	srv := NewServer(Options{
		Now:   clock.Now,
		Signs: []string{DefaultSignName},
		Templates: map[string]Template{
			DefaultTemplateCode: {Text: DefaultTemplateText, Kind: Verification},
			"SMS_NOTE":          {Text: "${name}您好，您的包裹${parcel}已到达", Kind: Notification},
			"SMS_INTL":          {Text: "Your code is ${code}", Kind: International},
			"SMS_PROMO":         {Text: "双十一全场五折，回T退订", Kind: Promotion},
			"SMS_PROMO_VARS":    {Text: "${x}全场五折", Kind: Promotion},
		},
	})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)

	base := map[string]string{"PhoneNumbers": "13800138000", "SignName": DefaultSignName, "TemplateCode": DefaultTemplateCode, "TemplateParam": `{"code":"1234"}`}
	note := map[string]string{"TemplateCode": "SMS_NOTE"}
	tests := []struct {
		name    string
		params  []map[string]string // merged over base in order
		code    string
		message string
	}{
		{"invalid number", []map[string]string{{"PhoneNumbers": "1380013800"}}, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号"},
		{"one invalid number among valid ones", []map[string]string{{"PhoneNumbers": "13800138000,abc,13900139000"}}, "isv.MOBILE_NUMBER_ILLEGAL", ""},
		{"empty entry", []map[string]string{{"PhoneNumbers": "13800138000,"}}, "isv.MOBILE_NUMBER_ILLEGAL", ""},
		{"1001 numbers", []map[string]string{{"PhoneNumbers": strings.Repeat("13800138000,", 1000) + "13800138000"}}, "isv.MOBILE_COUNT_OVER_LIMIT", "手机号码数量超过限制"},
		{"unknown sign", []map[string]string{{"SignName": "未审核签名"}}, "isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名"},
		{"unknown template", []map[string]string{{"TemplateCode": "SMS_000000"}}, "isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板"},
		{"international number, domestic template", []map[string]string{{"PhoneNumbers": "85291234567"}}, "isv.DOMESTIC_NUMBER_NOT_SUPPORTED", "国内短信模板不支持发送国际/港澳台号码"},
		{"mainland number, international template", []map[string]string{{"TemplateCode": "SMS_INTL"}}, "isv.DOMESTIC_NUMBER_NOT_SUPPORTED", "国际/港澳台消息模板不支持发送境内号码"},
		{"not JSON", []map[string]string{{"TemplateParam": `{code:1234}`}}, "isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值"},
		{"JSON array", []map[string]string{{"TemplateParam": `["1234"]`}}, "isv.INVALID_JSON_PARAM", ""},
		{"number value", []map[string]string{{"TemplateParam": `{"code":1234}`}}, "isv.INVALID_JSON_PARAM", ""},
		{"null value", []map[string]string{{"TemplateParam": `{"code":null}`}}, "isv.INVALID_JSON_PARAM", ""},
		{"missing variable", []map[string]string{{"TemplateParam": `{"otp":"1234"}`}}, "isv.TEMPLATE_MISSING_PARAMETERS", "模板缺少变量"},
		{"no TemplateParam", []map[string]string{{"TemplateParam": ""}}, "isv.TEMPLATE_MISSING_PARAMETERS", ""},
		{"code too short", []map[string]string{{"TemplateParam": `{"code":"123"}`}}, "isv.PARAM_LENGTH_LIMIT", "参数超出长度限制"},
		{"code too long", []map[string]string{{"TemplateParam": `{"code":"1234567"}`}}, "isv.PARAM_LENGTH_LIMIT", ""},
		{"notification variable empty", []map[string]string{note, {"TemplateParam": `{"name":"","parcel":"SF1"}`}}, "isv.PARAM_LENGTH_LIMIT", ""},
		{"notification variable of 36 characters", []map[string]string{note, {"TemplateParam": `{"name":"` + strings.Repeat("张", 36) + `","parcel":"SF1"}`}}, "isv.PARAM_LENGTH_LIMIT", ""},
		{"notification variable with a URL", []map[string]string{note, {"TemplateParam": `{"name":"张三","parcel":"https://x.cn/1"}`}}, "isv.PARAM_NOT_SUPPORT_URL", ""},
		{"OutId of 256 characters", []map[string]string{{"OutId": strings.Repeat("x", 256)}}, "isv.INVALID_PARAMETERS", "参数异常: OutId"},
		{"OutId of 256 Chinese characters", []map[string]string{{"OutId": strings.Repeat("单", 256)}}, "isv.INVALID_PARAMETERS", "参数异常: OutId"},
		{"+1 number written as 1 and ten digits, not a mainland mobile", []map[string]string{{"PhoneNumbers": "12025550123"}}, "isv.MOBILE_NUMBER_ILLEGAL", ""},
		{"promotion template with params", []map[string]string{{"TemplateCode": "SMS_PROMO", "TemplateParam": `{"code":"1234"}`}}, "isv.TEMPLATE_PARAMS_ILLEGAL", ""},
		{"promotion template with variables", []map[string]string{{"TemplateCode": "SMS_PROMO_VARS", "TemplateParam": `{"x":"1"}`}}, "isv.SMS_TEMPLATE_ILLEGAL", ""},
		{"SmsUpExtendCode not digits", []map[string]string{{"SmsUpExtendCode": "12a"}}, "isv.INVALID_PARAMETERS", "参数异常: SmsUpExtendCode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := map[string]string{}
			for _, m := range append([]map[string]string{base}, tt.params...) {
				for k, v := range m {
					p[k] = v
				}
			}
			r := c.on(t).call("SendSms", p)
			assert.Equal(t, 200, r.Status)
			assert.Equal(t, tt.code, r.Code)
			if tt.message != "" {
				assert.Equal(t, tt.message, r.Message)
			}
			assert.Empty(t, r.BizID)
		})
	}
	assert.Empty(t, srv.Messages())

	// And the limits of each rule, accepted.
	accepted := []struct {
		name   string
		params []map[string]string
	}{
		{"1000 numbers", []map[string]string{{"PhoneNumbers": numbers(1000), "TemplateParam": `{"code":"123456"}`}}},
		{"Chinese and emoji code of 4 characters", []map[string]string{{"PhoneNumbers": "13800138001", "TemplateParam": `{"code":"验证😀码"}`}}},
		{"notification variables of 1 and 35 characters, extra variable ignored", []map[string]string{note, {"PhoneNumbers": "13800138002", "TemplateParam": `{"name":"张","parcel":"` + strings.Repeat("😀", 35) + `","extra":"x"}`}}},
		{"OutId of 255 bytes", []map[string]string{{"PhoneNumbers": "13800138003", "OutId": strings.Repeat("x", 255)}}},
		{"international template", []map[string]string{{"PhoneNumbers": "85291234567", "TemplateCode": "SMS_INTL"}}},
		{"OutId of 255 Chinese characters", []map[string]string{{"PhoneNumbers": "13800138004", "OutId": strings.Repeat("单", 255)}}},
		{"promotion template without params", []map[string]string{{"PhoneNumbers": "13800138005", "TemplateCode": "SMS_PROMO", "TemplateParam": ""}}},
		// What a sender that writes +1 312 555 0100 as 13125550100 gets:
		// a mainland message (see the E164 check below).
		{"+1 number without +, read as a mainland number", []map[string]string{{"PhoneNumbers": "13125550100"}}},
	}
	for _, tt := range accepted {
		t.Run(tt.name, func(t *testing.T) {
			p := map[string]string{}
			for _, m := range append([]map[string]string{base}, tt.params...) {
				for k, v := range m {
					p[k] = v
				}
			}
			r := c.on(t).call("SendSms", p)
			require.Equal(t, "OK", r.Code, r.Message)
		})
	}
	assert.Len(t, srv.Messages(), 1007)
	m, ok := srv.LastMessageTo("13800138002")
	require.True(t, ok)
	assert.Equal(t, "+8613800138002", m.E164)
	misread, ok := srv.LastMessageTo("13125550100")
	require.True(t, ok)
	assert.Equal(t, "+8613125550100", misread.E164, "Aliyun reads 1 and ten digits as a mainland number")
	intl, ok := srv.LastMessageTo("85291234567")
	require.True(t, ok)
	assert.Equal(t, "+85291234567", intl.E164)
	assert.Equal(t, "【阿里云短信测试】张您好，您的包裹"+strings.Repeat("😀", 35)+"已到达", m.Content)
}

// numbers returns n distinct mainland numbers, comma-separated.
func numbers(n int) string {
	list := make([]string, n)
	for i := range list {
		list[i] = fmt.Sprintf("1390000%04d", i)
	}
	return strings.Join(list, ",")
}

// BizIds are unique, shared by the numbers of one request, and inspection
// finds messages by any accepted spelling of a number.
func TestAcceptedMessagesAndInspection(t *testing.T) {
	clock := testclock.New(t0)
	srv := NewServer(Options{Now: clock.Now, Limits: Limits{Disabled: true}})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)

	first := c.sendSms("+8613800138000,13900139000", "1111")
	second := c.sendSms("008613800138000", "2222")
	require.Equal(t, "OK", first.Code)
	require.Equal(t, "OK", second.Code)
	assert.NotEqual(t, first.BizID, second.BizID)
	assert.NotEqual(t, first.RequestID, second.RequestID)

	to := srv.MessagesTo("13800138000")
	require.Len(t, to, 2)
	assert.Equal(t, "+8613800138000", to[0].PhoneNumber)
	assert.Equal(t, first.BizID, to[0].BizID)
	assert.Equal(t, "008613800138000", to[1].PhoneNumber)
	assert.Equal(t, t0, to[1].SendTime)
	assert.Len(t, srv.MessagesTo("8613900139000"), 1)
	_, ok := srv.LastMessageTo("+86 13800138000")
	assert.False(t, ok, "not a number Aliyun accepts")
	last, ok := srv.LastMessageTo("+8613800138000")
	require.True(t, ok)
	assert.Equal(t, "2222", last.Params["code"])

	// Copies: changing them changes nothing inside.
	last.Params["code"] = "9999"
	all := srv.Messages()
	all[0].Params["code"] = "9999"
	assert.Equal(t, "1111", srv.Messages()[0].Params["code"])
	again, _ := srv.LastMessageTo("13800138000")
	assert.Equal(t, "2222", again.Params["code"])

	c.call("QuerySendDetails", map[string]string{"PhoneNumber": "13800138000", "SendDate": "20240301", "PageSize": "10", "CurrentPage": "1"})
	c.call("NoSuchAction", nil)
	c.call("AnotherUnknownAction", nil)
	assert.Equal(t, map[string]int{"SendSms": 2, "QuerySendDetails": 1, OtherActions: 2}, srv.RequestCounts(),
		"unknown actions share one count")
	assert.Equal(t, 2, srv.Requests("NoSuchAction"))
	assert.Equal(t, 2, srv.Requests("SendSms"))

	srv.Reset()
	assert.Empty(t, srv.Messages())
	assert.Empty(t, srv.RequestCounts())
	_, ok = srv.LastMessageTo("13800138000")
	assert.False(t, ok)
	third := c.sendSms("13800138000", "3333")
	require.Equal(t, "OK", third.Code)
	assert.NotEqual(t, first.BizID, third.BizID, "BizIds stay unique across Reset")
}
