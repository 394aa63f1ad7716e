package aliyunintl_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/aliyunintl"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

const intlCode = "SMS_900000001"

func newPair(t *testing.T, o aliyunintl.Options) (*aliyuntest.Server, *aliyunintl.Sender) {
	t.Helper()
	srv := aliyuntest.NewServer(aliyuntest.Options{Templates: map[string]aliyuntest.Template{
		intlCode: {Text: "Your code is ${code}", Kind: aliyuntest.International},
	}})
	t.Cleanup(srv.Close)
	o.AccessKeyID, o.AccessKeySecret, o.Endpoint = aliyuntest.TestAccessKeyID, aliyuntest.TestAccessKeySecret, srv.URL
	s, err := aliyunintl.New(o)
	require.NoError(t, err)
	t.Cleanup(s.CloseIdleConnections)
	return srv, s
}

func TestSendPaths(t *testing.T) {
	templates := []sms.Template{
		{Name: "otp", Kind: sms.KindVerification, Text: "Code ${code}"},
		{Name: "notice", Kind: sms.KindNotification, Text: "Order ${code} shipped"},
		{Name: "promo", Kind: sms.KindPromotion, Text: "Sale today"},
		{Name: "approved", Kind: sms.KindInternational, Codes: map[string]string{aliyunintl.Name: intlCode}},
	}
	for _, tc := range []struct {
		name, template, body string
		params               map[string]string
		typ                  aliyunintl.Type
		wantAction, wantTyp  string
		wantContent          string
	}{
		{name: "verification is OTP", template: "otp", params: map[string]string{"code": "1234"},
			wantAction: aliyuntest.ActionSendMessageToGlobe, wantTyp: "OTP", wantContent: "Code 1234"},
		{name: "notification is NOTIFY", template: "notice", params: map[string]string{"code": "77"},
			wantAction: aliyuntest.ActionSendMessageToGlobe, wantTyp: "NOTIFY", wantContent: "Order 77 shipped"},
		{name: "promotion is MKT", template: "promo",
			wantAction: aliyuntest.ActionSendMessageToGlobe, wantTyp: "MKT", wantContent: "Sale today"},
		{name: "configured type wins", template: "otp", params: map[string]string{"code": "1234"}, typ: aliyunintl.TypeNotify,
			wantAction: aliyuntest.ActionSendMessageToGlobe, wantTyp: "NOTIFY", wantContent: "Code 1234"},
		{name: "body", body: "hello",
			wantAction: aliyuntest.ActionSendMessageToGlobe, wantTyp: "NOTIFY", wantContent: "hello"},
		{name: "template with a code", template: "approved", params: map[string]string{"code": "4321"},
			wantAction: aliyuntest.ActionSendMessageWithTemplate, wantContent: "Your code is 4321"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, s := newPair(t, aliyunintl.Options{From: aliyuntest.DefaultSenderID, Templates: templates, Type: tc.typ})
			res, err := s.Send(context.Background(), sms.Message{To: "+6591234567", Template: tc.template,
				Params: tc.params, Body: tc.body})
			require.NoError(t, err)
			assert.Equal(t, aliyunintl.Name, res.Provider)
			m, ok := srv.LastMessageTo("6591234567")
			require.True(t, ok)
			assert.Equal(t, tc.wantAction, m.Action)
			assert.Equal(t, tc.wantTyp, m.Type)
			assert.Equal(t, tc.wantContent, m.Content)
			assert.Equal(t, res.MessageID, m.BizID)
			assert.Equal(t, aliyuntest.DefaultSenderID, m.SignName)
		})
	}
}

func TestRefusals(t *testing.T) {
	templates := []sms.Template{
		{Name: "otp", Kind: sms.KindVerification, Text: "Code ${code}"},
		{Name: "approved", Kind: sms.KindInternational, Codes: map[string]string{aliyunintl.Name: intlCode}},
		{Name: "unknown", Kind: sms.KindInternational, Codes: map[string]string{aliyunintl.Name: "SMS_1"}},
	}
	for _, tc := range []struct {
		name     string
		msg      sms.Message
		code     sms.Code
		rule     error
		provider string // ProviderCode
		request  bool   // reached the emulator
	}{
		{name: "mainland", msg: sms.Message{To: "+8613800138000", Template: "otp", Params: map[string]string{"code": "1234"}},
			code: sms.InvalidArgument, rule: aliyunintl.ErrMainlandNumber},
		{name: "reference on a template code", msg: sms.Message{To: "+6591234567", Template: "approved",
			Params: map[string]string{"code": "1234"}, Reference: "r1"}, code: sms.InvalidArgument, rule: aliyunintl.ErrNoReference},
		{name: "sender id not approved", msg: sms.Message{To: "+6591234567", Template: "otp", Sign: "OTHER",
			Params: map[string]string{"code": "1234"}}, code: sms.PermissionDenied, provider: "INVALID_SENDERID", request: true},
		{name: "template not approved", msg: sms.Message{To: "+6591234567", Template: "unknown",
			Params: map[string]string{"code": "1234"}}, code: sms.PermissionDenied, provider: "SMS_CONTENT_CODE_ILLEGAL", request: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, s := newPair(t, aliyunintl.Options{From: aliyuntest.DefaultSenderID, Templates: templates})
			_, err := s.Send(context.Background(), tc.msg)
			require.Error(t, err)
			assert.Equal(t, tc.code, sms.CodeOf(err), "%v", err)
			assert.True(t, sms.IsNotAccepted(err))
			if tc.rule != nil {
				assert.True(t, errors.Is(err, tc.rule), "%v", err)
			}
			e, _ := errors.AsType[*sms.Error](err)
			require.NotNil(t, e)
			assert.Equal(t, aliyunintl.Name, e.Provider)
			assert.Equal(t, tc.provider, e.ProviderCode)
			sent := srv.Requests(aliyuntest.ActionSendMessageToGlobe) + srv.Requests(aliyuntest.ActionSendMessageWithTemplate)
			assert.Equal(t, tc.request, sent == 1)
			for _, secret := range []string{"1234", "91234567", "13800138000"} {
				assert.NotContains(t, err.Error(), secret)
			}
		})
	}
}

// A lost answer after the request was written may have been accepted, as
// for SendSms; the gateway's errors go through aliyun's classification.
func TestMayHaveBeenAccepted(t *testing.T) {
	srv, s := newPair(t, aliyunintl.Options{})
	srv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept})
	_, err := s.Send(context.Background(), sms.Message{To: "+6591234567", Body: "hi"})
	require.Error(t, err)
	assert.False(t, sms.IsNotAccepted(err), "%v", err)
	assert.True(t, strings.HasPrefix(err.Error(), "sms: aliyun-intl") || strings.Contains(err.Error(), aliyunintl.Name), "%v", err)

	srv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultThrottling})
	_, err = s.Send(context.Background(), sms.Message{To: "+6591234567", Body: "hi"})
	assert.Equal(t, sms.RateLimited, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
}

func TestNewRefusesBadOptions(t *testing.T) {
	for name, o := range map[string]aliyunintl.Options{
		"from":        {From: "has space"},
		"type":        {Type: "SPAM"},
		"no content":  {Templates: []sms.Template{{Name: "x", Kind: sms.KindNotification}}},
		"bad sign":    {Templates: []sms.Template{{Name: "x", Kind: sms.KindNotification, Text: "a", Signs: map[string]string{aliyunintl.Name: "名"}}}},
		"spaced code": {Templates: []sms.Template{{Name: "x", Kind: sms.KindNotification, Codes: map[string]string{aliyunintl.Name: "SMS 1"}}}},
	} {
		_, err := aliyunintl.New(o)
		assert.True(t, errors.Is(err, sms.ErrInvalidOptions), "%s: %v", name, err)
	}
}

func TestOpenSenderURL(t *testing.T) {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	t.Cleanup(srv.Close)
	s, err := sms.OpenSender(context.Background(), "aliyun-intl://"+aliyuntest.TestAccessKeyID+":"+
		aliyuntest.TestAccessKeySecret+"@"+srv.Host+"?protocol=http&from="+aliyuntest.DefaultSenderID+"&type=OTP")
	require.NoError(t, err)
	_, err = s.Send(context.Background(), sms.Message{To: "+6591234567", Body: "hi"})
	require.NoError(t, err)
	m, _ := srv.LastMessageTo("6591234567")
	assert.Equal(t, "OTP", m.Type)

	_, err = sms.OpenSender(context.Background(), "aliyun-intl://?type=SPAM&secret=x")
	assert.True(t, errors.Is(err, sms.ErrInvalidOptions))
	assert.NotContains(t, err.Error(), "SPAM")
}
