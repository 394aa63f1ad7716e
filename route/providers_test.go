package route_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/smskit/sms/route"
)

const (
	loginCode = "SMS_100000001" // the emulated account's login_code template
	loginSign = "smskit"        // the emulated account's sign for it
)

// login is declared once for both providers.
var login = sms.Template{
	Name:  "login_code",
	Kind:  sms.KindVerification,
	Text:  "Your login code is ${code}.",
	Codes: map[string]string{"aliyun": loginCode},
	Signs: map[string]string{"aliyun": loginSign},
}

// promo has a text but no Aliyun code: only Twilio can serve it.
var promo = sms.Template{Name: "promo", Kind: sms.KindNotification, Text: "Sale: ${percent}% off"}

// providers starts an Aliyun and a Twilio emulator and returns a Sender for
// each, built with templates.
func providers(t *testing.T, aliyunTemplates, twilioTemplates []sms.Template) (*aliyuntest.Server, *aliyun.Sender, *twiliotest.Server, *twilio.Sender) {
	t.Helper()
	ali := aliyuntest.NewServer(aliyuntest.Options{
		Signs:     []string{aliyuntest.DefaultSignName, loginSign},
		Templates: map[string]aliyuntest.Template{loginCode: {Text: "您的验证码是${code}", Kind: aliyuntest.Verification}},
	})
	t.Cleanup(ali.Close)
	a, err := aliyun.New(aliyun.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		Endpoint:        ali.URL,
		SignName:        aliyuntest.DefaultSignName, // the template's sign replaces it
		Templates:       aliyunTemplates,
	})
	require.NoError(t, err)
	t.Cleanup(a.CloseIdleConnections)

	tw := twiliotest.NewServer(twiliotest.Options{})
	t.Cleanup(tw.Close)
	w, err := twilio.New(twilio.Options{
		AccountSID: twiliotest.TestAccountSID,
		AuthToken:  twiliotest.TestAuthToken,
		From:       twiliotest.TestFrom,
		Endpoint:   tw.URL,
		Templates:  twilioTemplates,
	})
	require.NoError(t, err)
	t.Cleanup(w.CloseIdleConnections)
	return ali, a, tw, w
}

// byDestination routes mainland numbers to Aliyun and the rest to Twilio.
func byDestination(a, w sms.Sender, templates []sms.Template) (*route.Router, error) {
	return route.New(route.Options{
		Routes: []route.Route{
			{Name: "mainland", Prefixes: []string{"+86"}, Targets: []route.Target{{Name: "aliyun", Sender: a}}},
			{Name: "world", Targets: []route.Target{{Name: "twilio", Sender: w}}},
		},
		Templates: templates,
	})
}

func TestNewRefusesTemplateAProviderCannotServe(t *testing.T) {
	templates := []sms.Template{login, promo}
	_, err := aliyun.New(aliyun.Options{Templates: templates})
	require.Error(t, err, "Aliyun refuses the whole declaration")
	assert.Contains(t, err.Error(), `template "promo" has no template code`)

	_, a, _, w := providers(t, []sms.Template{login}, templates)
	r, err := byDestination(a, w, templates)
	require.Error(t, err)
	assert.Nil(t, r)
	assert.ErrorIs(t, err, sms.ErrInvalidOptions)
	assert.ErrorIs(t, err, route.ErrTemplateUnsupported)
	assert.True(t, strings.HasPrefix(err.Error(),
		`sms: route: invalid options: route "mainland" target "aliyun" cannot serve template "promo": aliyun: `), err.Error())
	assert.Contains(t, err.Error(), `template "promo" has no template code`)
	assert.NotContains(t, err.Error(), "accepted", "a configuration error is not a send error")
}

func TestNewRefusesTemplateMissingFromAProvider(t *testing.T) {
	_, a, _, w := providers(t, nil, []sms.Template{login})
	_, err := byDestination(a, w, []sms.Template{login})
	require.ErrorIs(t, err, route.ErrTemplateUnsupported)
	assert.Contains(t, err.Error(), `route "mainland" target "aliyun" cannot serve template "login_code": `+
		`aliyun: invalid options: template "login_code" is not among this Sender's Options.Templates`)
}

func TestTemplateDeclaredOnceReachesEachProvider(t *testing.T) {
	templates := []sms.Template{login}
	ali, a, tw, w := providers(t, templates, templates)
	r, err := byDestination(a, w, templates)
	require.NoError(t, err)

	params := map[string]string{"code": "482915"}
	res, err := r.Send(context.Background(), sms.Message{To: "+8613800138000", Template: "login_code", Params: params})
	require.NoError(t, err)
	assert.Equal(t, "aliyun", res.Provider)
	got := ali.Messages()
	require.Len(t, got, 1)
	assert.Equal(t, loginCode, got[0].TemplateCode)
	assert.Equal(t, loginSign, got[0].SignName)
	assert.Equal(t, params, got[0].Params)

	res, err = r.Send(context.Background(), sms.Message{To: "+14155552671", Template: "login_code", Params: params})
	require.NoError(t, err)
	assert.Equal(t, "twilio", res.Provider)
	sent, ok := tw.Message(res.MessageID)
	require.True(t, ok)
	assert.Equal(t, "Your login code is 482915.", sent.Body)
	assert.Equal(t, twiliotest.TestFrom, sent.From)
	assert.Len(t, ali.Messages(), 1, "Aliyun saw only the mainland message")
}
