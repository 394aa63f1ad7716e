package aliyunvoice_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/aliyun/aliyunvoice"
)

const ttsCode = "TTS_100000001"

func newPair(t *testing.T, o aliyunvoice.Options) (*aliyuntest.Server, *aliyunvoice.Sender) {
	t.Helper()
	srv := aliyuntest.NewServer(aliyuntest.Options{Templates: map[string]aliyuntest.Template{
		ttsCode: {Text: "您的验证码是${code}", Kind: aliyuntest.Verification},
	}})
	t.Cleanup(srv.Close)
	o.AccessKeyID, o.AccessKeySecret, o.Endpoint = aliyuntest.TestAccessKeyID, aliyuntest.TestAccessKeySecret, srv.URL
	s, err := aliyunvoice.New(o)
	require.NoError(t, err)
	t.Cleanup(s.CloseIdleConnections)
	return srv, s
}

var templates = []sms.Template{
	{Name: "call_code", Kind: sms.KindVerification, Codes: map[string]string{aliyunvoice.Name: ttsCode}},
	{Name: "unknown", Kind: sms.KindVerification, Codes: map[string]string{aliyunvoice.Name: "TTS_9"}},
}

func TestSendPlacesCall(t *testing.T) {
	srv, s := newPair(t, aliyunvoice.Options{Templates: templates, CalledShowNumber: "057100000000", PlayTimes: 2, Volume: 80, Speed: -100})
	res, err := s.Send(context.Background(), sms.Message{To: "13800138000", Template: "call_code",
		Params: map[string]string{"code": "4821"}, Reference: "ref-1"})
	require.NoError(t, err)
	assert.Equal(t, aliyunvoice.Name, res.Provider)
	call, ok := srv.LastCallTo("+8613800138000")
	require.True(t, ok)
	assert.Equal(t, res.MessageID, call.BizID)
	assert.Equal(t, ttsCode, call.TemplateCode)
	assert.Equal(t, "4821", call.Params["code"])
	assert.Equal(t, "057100000000", call.SignName)
	assert.Equal(t, "ref-1", call.OutID)
	assert.Equal(t, "您的验证码是4821", call.Content)
}

func TestRefusals(t *testing.T) {
	for _, tc := range []struct {
		name     string
		msg      sms.Message
		code     sms.Code
		rule     error
		provider string
		request  bool
	}{
		{name: "outside the mainland", msg: sms.Message{To: "+6591234567", Template: "call_code", Params: map[string]string{"code": "4821"}},
			code: sms.InvalidArgument, rule: sms.ErrWrongKind},
		{name: "TTS template unknown to Aliyun", msg: sms.Message{To: "+8613800138000", Template: "unknown", Params: map[string]string{"code": "4821"}},
			code: sms.PermissionDenied, provider: "isv.TTS_TEMPLATE_ILLEGAL", request: true},
		{name: "code too long for a verification template", msg: sms.Message{To: "+8613800138000", Template: "call_code", Params: map[string]string{"code": "48219999"}},
			code: sms.InvalidArgument, request: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, s := newPair(t, aliyunvoice.Options{Templates: templates})
			_, err := s.Send(context.Background(), tc.msg)
			require.Error(t, err)
			assert.Equal(t, tc.code, sms.CodeOf(err), "%v", err)
			assert.True(t, sms.IsNotAccepted(err))
			if tc.rule != nil {
				assert.True(t, errors.Is(err, tc.rule), "%v", err)
			}
			e, _ := errors.AsType[*sms.Error](err)
			require.NotNil(t, e)
			assert.Equal(t, aliyunvoice.Name, e.Provider)
			if tc.provider != "" {
				assert.Equal(t, tc.provider, e.ProviderCode)
			}
			assert.Equal(t, tc.request, srv.Requests(aliyuntest.ActionSingleCallByTts) == 1)
			for _, secret := range []string{"4821", "13800138000", "91234567"} {
				assert.NotContains(t, err.Error(), secret)
			}
		})
	}
}

// Undeclared codes to numbers outside the mainland are refused too.
func TestUndeclaredOutsideMainland(t *testing.T) {
	srv, s := newPair(t, aliyunvoice.Options{})
	_, err := s.Send(context.Background(), sms.Message{To: "+6591234567", Template: ttsCode, Params: map[string]string{"code": "4821"}})
	assert.True(t, errors.Is(err, aliyunvoice.ErrNotMainland), "%v", err)
	_, err = s.Send(context.Background(), sms.Message{To: "+8613800138000", Template: "SMS_1", Params: map[string]string{"code": "4821"}})
	assert.True(t, errors.Is(err, sms.ErrInvalidTemplate), "%v", err)
	assert.Zero(t, srv.Requests(aliyuntest.ActionSingleCallByTts))
}

func TestMayHaveBeenAccepted(t *testing.T) {
	srv, s := newPair(t, aliyunvoice.Options{Templates: templates})
	srv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept})
	_, err := s.Send(context.Background(), sms.Message{To: "+8613800138000", Template: "call_code", Params: map[string]string{"code": "4821"}})
	require.Error(t, err)
	assert.False(t, sms.IsNotAccepted(err), "%v", err)
}

func TestNewRefusesBadOptions(t *testing.T) {
	for name, o := range map[string]aliyunvoice.Options{
		"show number": {CalledShowNumber: "0571-1"},
		"play times":  {PlayTimes: 4},
		"volume":      {Volume: 101},
		"speed":       {Speed: 501},
		"no TTS code": {Templates: []sms.Template{{Name: "x", Kind: sms.KindVerification, Codes: map[string]string{aliyunvoice.Name: "SMS_1"}}}},
		"promotion":   {Templates: []sms.Template{{Name: "x", Kind: sms.KindPromotion, Codes: map[string]string{aliyunvoice.Name: ttsCode}}}},
	} {
		_, err := aliyunvoice.New(o)
		assert.True(t, errors.Is(err, sms.ErrInvalidOptions), "%s: %v", name, err)
	}
}

func TestOpenSenderURL(t *testing.T) {
	srv := aliyuntest.NewServer(aliyuntest.Options{Templates: map[string]aliyuntest.Template{
		ttsCode: {Text: "您的验证码是${code}", Kind: aliyuntest.Verification}}})
	t.Cleanup(srv.Close)
	s, err := sms.OpenSender(context.Background(), "aliyun-voice://"+aliyuntest.TestAccessKeyID+":"+
		aliyuntest.TestAccessKeySecret+"@"+srv.Host+"?protocol=http&speed=-50&play_times=1")
	require.NoError(t, err)
	_, err = s.Send(context.Background(), sms.Message{To: "+8613800138000", Template: ttsCode, Params: map[string]string{"code": "4821"}})
	require.NoError(t, err)
	_, err = sms.OpenSender(context.Background(), "aliyun-voice://?speed=fast")
	assert.True(t, errors.Is(err, sms.ErrInvalidOptions))
}
