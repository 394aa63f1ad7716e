package aliyun_test

import (
	"context"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSendDelivers(t *testing.T) {
	tests := []struct {
		name       string
		options    func(*aliyun.Options)
		msg        sms.Message
		wantNumber string
		wantCode   string
		wantSign   string
		wantOutID  string
		wantExtend string
	}{
		{
			name:       "mainland number as 11 digits, mapped template",
			msg:        loginCode(),
			wantNumber: "13800138000",
			wantCode:   aliyuntest.DefaultTemplateCode,
			wantSign:   aliyuntest.DefaultSignName,
		},
		{
			name:       "national mainland input is normalized",
			msg:        sms.Message{To: "138 0013 8000", Template: "login_code", Params: map[string]string{"code": "1234"}},
			wantNumber: "13800138000",
			wantCode:   aliyuntest.DefaultTemplateCode,
			wantSign:   aliyuntest.DefaultSignName,
		},
		{
			name:       "Hong Kong number as country code and number",
			msg:        sms.Message{To: "+85251234567", Template: "SMS_300000003", Params: map[string]string{"code": "1234"}},
			wantNumber: "85251234567",
			wantCode:   "SMS_300000003",
			wantSign:   aliyuntest.DefaultSignName,
		},
		{
			name:       "unmapped template is the code; reference is OutId; extend code",
			options:    func(o *aliyun.Options) { o.UpExtendCode = "90" },
			msg:        sms.Message{To: testNumber, Template: notifyTemplate, Params: map[string]string{"code": "A-1", "name": "张三🎉"}, Reference: "order-7"},
			wantNumber: "13800138000",
			wantCode:   notifyTemplate,
			wantSign:   aliyuntest.DefaultSignName,
			wantOutID:  "order-7",
			wantExtend: "90",
		},
		{
			name: "message sign overrides the default",
			options: func(o *aliyun.Options) {
				o.SignName = "unused"
			},
			msg:        sms.Message{To: testNumber, Template: "notify", Sign: aliyuntest.DefaultSignName, Params: map[string]string{"code": "X", "name": "Y"}},
			wantNumber: "13800138000",
			wantCode:   notifyTemplate,
			wantSign:   aliyuntest.DefaultSignName,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newEmulator(t, aliyuntest.Options{})
			s := newSender(t, srv, tt.options)
			res, err := s.Send(context.Background(), tt.msg)
			require.NoError(t, err)
			assert.Equal(t, aliyun.ProviderName, res.Provider)
			assert.NotEmpty(t, res.MessageID)
			assert.NotEmpty(t, res.RequestID)

			got := srv.Messages()
			require.Len(t, got, 1)
			m := got[0]
			assert.Equal(t, tt.wantNumber, m.PhoneNumber)
			assert.Equal(t, tt.wantCode, m.TemplateCode)
			assert.Equal(t, tt.wantSign, m.SignName)
			assert.Equal(t, tt.msg.Params, m.Params)
			assert.Equal(t, tt.wantOutID, m.OutId)
			assert.Equal(t, tt.wantExtend, m.SmsUpExtendCode)
			assert.Equal(t, res.MessageID, m.BizId)
			assert.Equal(t, res.RequestID, m.RequestId)
		})
	}
}

func TestSendRefusesBeforeSending(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		options func(*aliyun.Options)
		msg     sms.Message
		want    sms.Code
	}{
		{"invalid number", context.Background(), nil, sms.Message{To: "+86123", Template: "login_code"}, sms.InvalidArgument},
		{"empty number", context.Background(), nil, sms.Message{Template: "login_code"}, sms.InvalidArgument},
		{"body only", context.Background(), nil, sms.Message{To: testNumber, Body: "hello"}, sms.InvalidArgument},
		{"control character in a param", context.Background(), nil, sms.Message{To: testNumber, Template: "login_code", Params: map[string]string{"code": "1\n2"}}, sms.InvalidArgument},
		{"no sign anywhere", context.Background(), func(o *aliyun.Options) { o.SignName = "" }, loginCode(), sms.InvalidArgument},
		{"canceled context", canceled, nil, loginCode(), sms.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newEmulator(t, aliyuntest.Options{})
			s := newSender(t, srv, tt.options)
			_, err := s.Send(tt.ctx, tt.msg)
			requireSMSError(t, err, tt.want, true)
			assert.Zero(t, srv.Requests("SendSms"), "nothing may reach Aliyun")
		})
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		o    aliyun.Options
	}{
		{"key id without secret", aliyun.Options{AccessKeyID: "x"}},
		{"secret without key id", aliyun.Options{AccessKeySecret: "x"}},
		{"bad region", aliyun.Options{AccessKeyID: "a", AccessKeySecret: "b", Region: "cn hangzhou"}},
		{"endpoint with a path", aliyun.Options{AccessKeyID: "a", AccessKeySecret: "b", Endpoint: "https://example.com/x"}},
		{"endpoint with a query", aliyun.Options{AccessKeyID: "a", AccessKeySecret: "b", Endpoint: "https://example.com/?a=b"}},
		{"endpoint with user info", aliyun.Options{AccessKeyID: "a", AccessKeySecret: "b", Endpoint: "https://u:hunter2@example.com"}},
		{"endpoint of another scheme", aliyun.Options{AccessKeyID: "a", AccessKeySecret: "b", Endpoint: "ftp://example.com"}},
		{"negative timeout", aliyun.Options{AccessKeyID: "a", AccessKeySecret: "b", Timeout: -1}},
		{"negative connect timeout", aliyun.Options{AccessKeyID: "a", AccessKeySecret: "b", ConnectTimeout: -1}},
		{"negative idle pool", aliyun.Options{AccessKeyID: "a", AccessKeySecret: "b", MaxIdleConns: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := aliyun.New(tt.o)
			assert.Nil(t, s)
			requireSMSError(t, err, sms.InvalidArgument, true)
			assert.NotContains(t, err.Error(), "hunter2")
		})
	}
}

func TestNewAcceptsEndpoints(t *testing.T) {
	for _, endpoint := range []string{"", "dysmsapi.aliyuncs.com", "https://dysmsapi.aliyuncs.com", "https://dysmsapi.aliyuncs.com/", "http://127.0.0.1:8080"} {
		_, err := aliyun.New(aliyun.Options{AccessKeyID: "a", AccessKeySecret: "b", Endpoint: endpoint})
		assert.NoError(t, err, endpoint)
	}
}

func TestDefaultCredentialChain(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true") // no metadata server calls
	t.Setenv("HOME", t.TempDir())                           // no CLI profile
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", testKeyID)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", testKeySecret)
	s := newSender(t, srv, func(o *aliyun.Options) { o.AccessKeyID, o.AccessKeySecret = "", "" })
	_, err := s.Send(context.Background(), loginCode())
	require.NoError(t, err)
}

func TestNoCredentials(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
	t.Setenv("ALIBABA_CLOUD_CREDENTIALS_FILE", "")
	t.Setenv("ALIBABA_CLOUD_PROFILE", "")
	s := newSender(t, srv, func(o *aliyun.Options) { o.AccessKeyID, o.AccessKeySecret = "", "" })
	_, err := s.Send(context.Background(), loginCode())
	requireSMSError(t, err, sms.PermissionDenied, true)
	assert.Zero(t, srv.Requests("SendSms"))
}
