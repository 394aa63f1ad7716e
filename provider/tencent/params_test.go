package tencent_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/tencent/tencenttest"
)

// TestParamOrderOption: ParamOrder puts the named params in Tencent's
// positions, whatever the Text's order.
func TestParamOrderOption(t *testing.T) {
	srv, s := newPair(t, tencenttest.Options{}, func(o *tencent.Options) {
		o.Templates = []sms.Template{{Name: "shipped", Kind: sms.KindNotification,
			Text: "订单${order}已发货，${name}", Codes: map[string]string{"tencent": noticeTemplateID}}}
		o.ParamOrder = map[string][]string{"shipped": {"name", "order"}}
	})
	_, err := s.Send(context.Background(), sms.Message{To: "+8613800138000", Template: "shipped",
		Params: map[string]string{"order": "A-17", "name": "张三"}})
	require.NoError(t, err)
	m, _ := srv.LastMessageTo("+8613800138000")
	assert.Equal(t, []string{"张三", "A-17"}, m.Params)
}

// TestConstructionChecks: the positional mapping and the options are
// checked in New, which names what to fix.
func TestConstructionChecks(t *testing.T) {
	base := func() tencent.Options {
		return tencent.Options{SecretID: "id", SecretKey: "key", SmsSdkAppID: "1400000000", SignName: "腾讯云",
			Templates: []sms.Template{{Name: "shipped", Kind: sms.KindNotification, Text: "${name}，订单${order}",
				Codes: map[string]string{"tencent": "100002"}}}}
	}
	for _, tc := range []struct {
		name string
		edit func(*tencent.Options)
	}{
		{"order misses a variable", func(o *tencent.Options) { o.ParamOrder = map[string][]string{"shipped": {"name"}} }},
		{"order names another", func(o *tencent.Options) { o.ParamOrder = map[string][]string{"shipped": {"name", "code"}} }},
		{"order repeats", func(o *tencent.Options) {
			o.ParamOrder = map[string][]string{"shipped": {"name", "name"}}
		}},
		{"order of an undeclared template", func(o *tencent.Options) { o.ParamOrder = map[string][]string{"other": {"x"}} }},
		{"template id not digits", func(o *tencent.Options) { o.Templates[0].Codes = map[string]string{"tencent": "SMS_1"} }},
		{"no template id", func(o *tencent.Options) { o.Templates[0].Codes = nil }},
		{"no app id", func(o *tencent.Options) { o.SmsSdkAppID = "" }},
		{"half a key pair", func(o *tencent.Options) { o.SecretKey = "" }},
		{"bad region", func(o *tencent.Options) { o.RegionID = "Guangzhou!" }},
		{"bad endpoint", func(o *tencent.Options) { o.Endpoint = "ftp://x" }},
		{"long sign", func(o *tencent.Options) { o.SignName = "这是一个非常非常长的短信签名名称" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := base()
			o.Templates = append([]sms.Template(nil), o.Templates...)
			tc.edit(&o)
			_, err := tencent.New(o)
			require.Error(t, err)
			assert.True(t, errors.Is(err, sms.ErrInvalidOptions), "%v", err)
			assert.NotContains(t, err.Error(), "key\"")
		})
	}
	_, err := tencent.New(base())
	require.NoError(t, err)
}

// TestSharedSDKClientRefused: with the SDK's global client set, New
// refuses rather than change it for every SDK client of the process.
func TestSharedSDKClientRefused(t *testing.T) {
	shared := &http.Client{}
	common.DefaultHttpClient = shared
	defer func() { common.DefaultHttpClient = nil }()
	_, err := tencent.New(tencent.Options{SecretID: "id", SecretKey: "key", SmsSdkAppID: "1400000000"})
	assert.True(t, errors.Is(err, sms.ErrInvalidOptions), "%v", err)
	assert.Nil(t, shared.Transport)
}

// TestRefusedBeforeNetwork: messages whose params do not fit Tencent's
// positions, or that break Tencent's rules, fail as InvalidArgument, not
// accepted, and no request is made.
func TestRefusedBeforeNetwork(t *testing.T) {
	srv, s := newPair(t, tencenttest.Options{}, func(o *tencent.Options) {
		o.AllowUndeclaredTemplates = true
		o.Templates = append(o.Templates, sms.Template{Name: "console", Kind: sms.KindNotification,
			Codes: map[string]string{"tencent": noticeTemplateID}})
	})
	for _, tc := range []struct {
		name string
		msg  sms.Message
	}{
		{"missing param", sms.Message{To: "+8613800138000", Template: "shipped", Params: map[string]string{"name": "x"}}},
		{"extra param", sms.Message{To: "+8613800138000", Template: "code", Params: map[string]string{"code": "1234", "x": "y"}}},
		{"params for a template without Text or order", sms.Message{To: "+8613800138000", Template: "console",
			Params: map[string]string{"a": "1"}}},
		{"two params for an undeclared template", sms.Message{To: "+8613800138000", Template: "100009",
			Params: map[string]string{"a": "1", "b": "2"}}},
		{"undeclared template that is no id", sms.Message{To: "+8613800138000", Template: "SMS_1"}},
		{"verification code not digits", sms.Message{To: "+8613800138000", Template: "code", Params: map[string]string{"code": "12ab"}}},
		{"verification code too long", sms.Message{To: "+8613800138000", Template: "code", Params: map[string]string{"code": "1234567"}}},
		{"domestic template abroad", sms.Message{To: "+14155552671", Template: "code", Params: map[string]string{"code": "1234"}}},
		{"long reference", sms.Message{To: "+8613800138000", Template: "code", Params: map[string]string{"code": "1234"},
			Reference: strings.Repeat("编", 200)}}, // 200 characters, 600 bytes
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Send(context.Background(), tc.msg)
			require.Error(t, err)
			assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err), "%v", err)
			assert.True(t, sms.IsNotAccepted(err))
		})
	}
	assert.Zero(t, srv.Requests("SendSms"))

	// An undeclared template id with one param is sent: its order is clear.
	_, err := s.Send(context.Background(), sms.Message{To: "+8613800138000", Template: codeTemplateID,
		Params: map[string]string{"c": "1234"}})
	require.NoError(t, err)
}

// TestRulesMatchSender: a validator built from Rules refuses what the
// Sender refuses, so fake and dry-run senders given them agree.
func TestRulesMatchSender(t *testing.T) {
	o := tencent.Options{SignName: "腾讯云", Templates: templates}
	v, err := sms.NewValidator(o.Rules(), o.Templates)
	require.NoError(t, err)
	_, err = v.Prepare(context.Background(), sms.Message{To: "+8613800138000", Template: "code",
		Params: map[string]string{"code": "12ab"}})
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	_, err = v.Prepare(context.Background(), sample())
	assert.NoError(t, err)
}
