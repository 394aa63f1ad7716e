package alidayu_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/alidayu"
	"github.com/smskit/sms/provider/alidayu/alidayutest"
)

func TestSendBothSignMethods(t *testing.T) {
	for _, method := range []string{"", alidayu.SignHMAC, alidayu.SignMD5} {
		t.Run("method="+method, func(t *testing.T) {
			srv, s := newPair(t, alidayutest.Options{}, func(o *alidayu.Options) { o.SignMethod = method })
			res, err := s.Send(context.Background(), sms.Message{To: "+86 138 0013 8000", Template: "shipped",
				Params: map[string]string{"name": "张三", "order": "A-1"}, Reference: "order_1"})
			require.NoError(t, err)
			assert.Equal(t, alidayu.Name, res.Provider)
			assert.Regexp(t, `^[0-9]+\^[0-9]+$`, res.MessageID)
			assert.Regexp(t, `^[0-9a-z]{12}$`, res.RequestID)
			msgs := srv.Messages()
			require.Len(t, msgs, 1)
			m := msgs[0]
			assert.Equal(t, "13800138000", m.National, "rec_num is the national number")
			assert.Equal(t, "+8613800138000", m.E164)
			assert.Equal(t, noticeTemplate, m.TemplateCode)
			assert.Equal(t, alidayutest.DefaultSignName, m.SignName)
			assert.Equal(t, map[string]string{"name": "张三", "order": "A-1"}, m.Params)
			assert.Equal(t, "order_1", m.Extend)
			assert.Equal(t, "张三，您的订单A-1已发货", m.Text)
			assert.Equal(t, cmpOr(method, alidayu.DefaultSignMethod), m.SignMethod)
			assert.Equal(t, res.MessageID, m.Model)
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestTimestampInChinaTime: the timestamp is the injected clock's time in
// GMT+8; the emulator refuses a clock more than ten minutes off.
func TestTimestampInChinaTime(t *testing.T) {
	base := time.Date(2026, 1, 1, 16, 30, 0, 0, time.UTC) // 00:30 on 2 January in China
	for _, tc := range []struct {
		skew time.Duration
		ok   bool
	}{{0, true}, {9 * time.Minute, true}, {-9 * time.Minute, true}, {11 * time.Minute, false}, {-11 * time.Minute, false}} {
		srv, s := newPair(t, alidayutest.Options{Now: func() time.Time { return base }}, func(o *alidayu.Options) {
			o.Now = func() time.Time { return base.Add(tc.skew).In(time.FixedZone("X", -5*3600)) }
		})
		_, err := s.Send(context.Background(), codeMessage("+8613800138000"))
		if tc.ok {
			require.NoError(t, err, tc.skew)
			continue
		}
		e, ok := errors.AsType[*sms.Error](err)
		require.True(t, ok, "%v", err)
		assert.Equal(t, sms.PermissionDenied, e.Code, tc.skew)
		assert.Equal(t, "31", e.ProviderCode)
		assert.Contains(t, e.Message, "clock")
		assert.True(t, e.NotAccepted)
		assert.Zero(t, srv.Accepted())
	}
}

func TestPerNumberLimit(t *testing.T) {
	now := time.Now()
	_, s := newPair(t, alidayutest.Options{Now: func() time.Time { return now }}, nil)
	_, err := s.Send(context.Background(), codeMessage("+8613800138000"))
	require.NoError(t, err)
	_, err = s.Send(context.Background(), codeMessage("+8613800138000"))
	e, ok := errors.AsType[*sms.Error](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, sms.RateLimited, e.Code)
	assert.True(t, e.PerRecipient)
	assert.Equal(t, time.Minute, e.RetryAfter)
	assert.True(t, e.NotAccepted)
	assert.Equal(t, "isv.BUSINESS_LIMIT_CONTROL", e.ProviderCode)
	_, err = s.Send(context.Background(), codeMessage("+8613800138001"))
	assert.NoError(t, err, "another number is not limited")
}

func TestWrongCredentials(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*alidayu.Options)
		code string
		says string
	}{
		{"secret", func(o *alidayu.Options) { o.AppSecret = "wrong-secret" }, "25", "AppSecret"},
		{"secret md5", func(o *alidayu.Options) { o.AppSecret = "wrong-secret"; o.SignMethod = alidayu.SignMD5 }, "25", "AppSecret"},
		{"app key", func(o *alidayu.Options) { o.AppKey = "23999999" }, "29", "AppKey"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, s := newPair(t, alidayutest.Options{}, tc.edit)
			_, err := s.Send(context.Background(), codeMessage("+8613800138000"))
			e, ok := errors.AsType[*sms.Error](err)
			require.True(t, ok, "%v", err)
			assert.Equal(t, sms.PermissionDenied, e.Code)
			assert.True(t, e.NotAccepted)
			assert.Equal(t, tc.code, e.ProviderCode)
			assert.Contains(t, e.Message, tc.says)
			assert.Zero(t, srv.Requests())
		})
	}
}

// TestClassification: every class of answer, acted out by the emulator.
func TestClassification(t *testing.T) {
	tests := []struct {
		name         string
		fault        alidayutest.Fault
		code         sms.Code
		notAccepted  bool
		perRecipient bool
		retryAfter   time.Duration
		providerCode string
	}{
		{"per-number minute", alidayutest.Fault{SubCode: "isv.BUSINESS_LIMIT_CONTROL", Message: "触发分钟级流控Permits:1"}, sms.RateLimited, true, true, time.Minute, "isv.BUSINESS_LIMIT_CONTROL"},
		{"per-number hour", alidayutest.Fault{SubCode: "isv.BUSINESS_LIMIT_CONTROL", Message: "触发小时级流控Permits:5"}, sms.RateLimited, true, true, time.Hour, "isv.BUSINESS_LIMIT_CONTROL"},
		{"per-number day", alidayutest.Fault{SubCode: "isv.BUSINESS_LIMIT_CONTROL", Message: "触发天级流控Permits:10"}, sms.RateLimited, true, true, 24 * time.Hour, "isv.BUSINESS_LIMIT_CONTROL"},
		{"bad number", alidayutest.Fault{SubCode: "isv.MOBILE_NUMBER_ILLEGAL"}, sms.InvalidArgument, true, false, 0, "isv.MOBILE_NUMBER_ILLEGAL"},
		{"money", alidayutest.Fault{SubCode: "isv.AMOUNT_NOT_ENOUGH"}, sms.QuotaExceeded, true, false, 0, "isv.AMOUNT_NOT_ENOUGH"},
		{"sign", alidayutest.Fault{SubCode: "isv.SMS_SIGNATURE_ILLEGAL"}, sms.PermissionDenied, true, false, 0, "isv.SMS_SIGNATURE_ILLEGAL"},
		{"template", alidayutest.Fault{SubCode: "isv.SMS_TEMPLATE_ILLEGAL"}, sms.PermissionDenied, true, false, 0, "isv.SMS_TEMPLATE_ILLEGAL"},
		{"missing params", alidayutest.Fault{SubCode: "isv.TEMPLATE_MISSING_PARAMETERS"}, sms.InvalidArgument, true, false, 0, "isv.TEMPLATE_MISSING_PARAMETERS"},
		{"isp outage", alidayutest.Fault{SubCode: "isp.SYSTEM_ERROR"}, sms.Unavailable, true, false, 0, "isp.SYSTEM_ERROR"},
		{"unlisted isp", alidayutest.Fault{SubCode: "isp.REMOTE_SERVICE_TIMEOUT"}, sms.Unavailable, true, false, 0, "isp.REMOTE_SERVICE_TIMEOUT"},
		{"unknown isv", alidayutest.Fault{SubCode: "isv.SOMETHING_NEW"}, sms.Unknown, true, false, 0, "isv.SOMETHING_NEW"},
		{"code 15 alone", alidayutest.Fault{Code: 15}, sms.Unknown, true, false, 0, "15"},
		{"app call limited", alidayutest.Fault{Code: 7}, sms.RateLimited, true, false, 0, "7"},
		{"service unavailable", alidayutest.Fault{Code: 10}, sms.Unavailable, true, false, 0, "10"},
		{"isv permissions", alidayutest.Fault{Code: 11}, sms.PermissionDenied, true, false, 0, "11"},
		{"invalid signature", alidayutest.Fault{Code: 25}, sms.PermissionDenied, true, false, 0, "25"},
		{"invalid session", alidayutest.Fault{Code: 27}, sms.PermissionDenied, true, false, 0, "27"},
		{"invalid app key", alidayutest.Fault{Code: 29}, sms.PermissionDenied, true, false, 0, "29"},
		{"invalid arguments", alidayutest.Fault{Code: 41}, sms.InvalidArgument, true, false, 0, "41"},
		{"unknown code", alidayutest.Fault{Code: 77}, sms.Unknown, true, false, 0, "77"},
		{"gateway page", alidayutest.Fault{Status: 502, Body: "<html>bad gateway</html>"}, sms.Unknown, false, false, 0, ""},
		{"redirect", alidayutest.Fault{Status: 302, Body: ""}, sms.Unknown, false, false, 0, ""},
		{"not json", alidayutest.Fault{Status: 200, Body: "ok"}, sms.Unknown, false, false, 0, ""},
		{"other json", alidayutest.Fault{Status: 200, Body: `{"x":1}`}, sms.Unknown, false, false, 0, ""},
		{"failed result", alidayutest.Fault{Status: 200, Body: `{"alibaba_aliqin_fc_sms_num_send_response":{"result":{"err_code":"isv.AMOUNT_NOT_ENOUGH","success":false},"request_id":"abc123def456"}}`}, sms.QuotaExceeded, true, false, 0, "isv.AMOUNT_NOT_ENOUGH"},
		{"success without model", alidayutest.Fault{Status: 200, Body: `{"alibaba_aliqin_fc_sms_num_send_response":{"result":{"err_code":"0","success":true},"request_id":"abc123def456"}}`}, sms.Unknown, false, false, 0, ""},
		{"too long", alidayutest.Fault{Status: 200, Body: strings.Repeat(" ", 65<<10)}, sms.Unknown, false, false, 0, ""},
		{"dropped", alidayutest.Fault{Drop: true}, sms.Unknown, false, false, 0, ""},
		{"lost after accept", alidayutest.Fault{Drop: true, Accept: true}, sms.Unknown, false, false, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, s := newPair(t, alidayutest.Options{}, nil)
			srv.QueueFault(tt.fault)
			_, err := s.Send(context.Background(), codeMessage("+8613800138000"))
			e, ok := errors.AsType[*sms.Error](err)
			require.True(t, ok, "%v", err)
			assert.Equal(t, tt.code, e.Code, "%v", e)
			assert.Equal(t, tt.notAccepted, e.NotAccepted, "%v", e)
			assert.Equal(t, tt.notAccepted, sms.IsNotAccepted(err))
			assert.Equal(t, tt.perRecipient, e.PerRecipient)
			assert.Equal(t, tt.retryAfter, e.RetryAfter)
			assert.Equal(t, tt.providerCode, e.ProviderCode)
			assert.Equal(t, alidayu.Name, e.Provider)
			if tt.providerCode != "" && !strings.HasPrefix(tt.name, "failed") {
				ae, ok := errors.AsType[*alidayu.APIError](err)
				require.True(t, ok)
				assert.Regexp(t, `^[0-9a-z]{12}$`, ae.RequestID)
				assert.Equal(t, ae.RequestID, e.RequestID)
			}
		})
	}
}

func TestUnreachable(t *testing.T) {
	srv, s := newPair(t, alidayutest.Options{}, nil)
	srv.Close()
	_, err := s.Send(context.Background(), codeMessage("+8613800138000"))
	e, ok := errors.AsType[*sms.Error](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, sms.Unavailable, e.Code)
	assert.True(t, e.NotAccepted)
}

// TestRefusedBeforeAnyRequest: what Rules refuse never reaches the gateway.
func TestRefusedBeforeAnyRequest(t *testing.T) {
	tests := []struct {
		name string
		msg  sms.Message
		is   error
	}{
		{"not mainland", sms.Message{To: "+14155552671", Template: "code", Params: map[string]string{"code": "1234"}}, nil},
		{"mainland landline", sms.Message{To: "+861012345678", Template: "code", Params: map[string]string{"code": "1234"}}, nil},
		{"undeclared", sms.Message{To: "+8613800138000", Template: "nope", Params: map[string]string{"code": "1234"}}, sms.ErrUnknownTemplate},
		{"missing param", sms.Message{To: "+8613800138000", Template: "code"}, sms.ErrMissingParam},
		{"reference not extend", sms.Message{To: "+8613800138000", Template: "code", Params: map[string]string{"code": "1234"}, Reference: "a b"}, sms.ErrReferenceTooLong},
		{"reference long", sms.Message{To: "+8613800138000", Template: "code", Params: map[string]string{"code": "1234"}, Reference: strings.Repeat("a", 65)}, sms.ErrReferenceTooLong},
		{"sign", sms.Message{To: "+8613800138000", Template: "code", Params: map[string]string{"code": "1234"}, Sign: " x"}, sms.ErrInvalidSign},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, s := newPair(t, alidayutest.Options{}, nil)
			_, err := s.Send(context.Background(), tt.msg)
			e, ok := errors.AsType[*sms.Error](err)
			require.True(t, ok, "%v", err)
			assert.Equal(t, sms.InvalidArgument, e.Code)
			assert.True(t, e.NotAccepted)
			assert.Equal(t, alidayu.Name, e.Provider)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.Zero(t, srv.Requests())
		})
	}
	_, s := newPair(t, alidayutest.Options{}, func(o *alidayu.Options) { o.SignName = "" })
	_, err := s.Send(context.Background(), codeMessage("+8613800138000"))
	assert.ErrorIs(t, err, sms.ErrInvalidSign, "no sign anywhere")
}

func TestOptionsErrors(t *testing.T) {
	good := alidayu.Options{AppKey: "23000000", AppSecret: "secret", Templates: templates}
	tests := []struct {
		name string
		edit func(*alidayu.Options)
		says string
	}{
		{"no key", func(o *alidayu.Options) { o.AppKey = "" }, "AppKey and AppSecret"},
		{"no secret", func(o *alidayu.Options) { o.AppSecret = "" }, "AppKey and AppSecret"},
		{"key form", func(o *alidayu.Options) { o.AppKey = "abc" }, "AppKey"},
		{"secret form", func(o *alidayu.Options) { o.AppSecret = "a b" }, "AppSecret"},
		{"sign method", func(o *alidayu.Options) { o.SignMethod = "sha1" }, "SignMethod"},
		{"endpoint", func(o *alidayu.Options) { o.Endpoint = "ftp://x" }, "Endpoint"},
		{"endpoint query", func(o *alidayu.Options) { o.Endpoint = "https://x/router/rest?a=1" }, "Endpoint"},
		{"timeout", func(o *alidayu.Options) { o.Timeout = -1 }, "Timeout"},
		{"template code", func(o *alidayu.Options) {
			o.Templates = []sms.Template{{Name: "x", Kind: sms.KindNotification, Codes: map[string]string{"alidayu": "123"}}}
		}, "SMS_"},
		{"international", func(o *alidayu.Options) {
			o.Templates = []sms.Template{{Name: "x", Kind: sms.KindInternational, Codes: map[string]string{"alidayu": "SMS_1"}}}
		}, "mainland"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := good
			tt.edit(&o)
			_, err := alidayu.New(o)
			require.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.says)
			assert.NotContains(t, err.Error(), "secret")
		})
	}
	s, err := alidayu.New(good)
	require.NoError(t, err)
	assert.Equal(t, "alidayu.Sender(hmac, eco.taobao.com)", s.String())
}

// TestTemplateKey: a Sender reads Codes and Signs under its TemplateKey.
func TestTemplateKey(t *testing.T) {
	srv, s := newPair(t, alidayutest.Options{Signs: []string{"其他签名"}}, func(o *alidayu.Options) {
		o.TemplateKey = "legacy"
		o.Templates = []sms.Template{{Name: "code", Kind: sms.KindVerification,
			Codes: map[string]string{"legacy": codeTemplate, "alidayu": "SMS_9"},
			Signs: map[string]string{"legacy": "其他签名"}}}
	})
	_, err := s.Send(context.Background(), codeMessage("+8613800138000"))
	require.NoError(t, err)
	m := srv.Messages()[0]
	assert.Equal(t, codeTemplate, m.TemplateCode)
	assert.Equal(t, "其他签名", m.SignName)
	require.NoError(t, s.CheckTemplate(sms.Template{Name: "code", Kind: sms.KindVerification,
		Codes: map[string]string{"legacy": codeTemplate, "alidayu": "SMS_9"}, Signs: map[string]string{"legacy": "其他签名"}}))
}
