package alidayu_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/alidayu"
	"github.com/smskit/sms/provider/alidayu/alidayutest"
)

// Template codes of the emulator's templates in these tests.
const (
	codeTemplate   = "SMS_1000001" // verification: ${code}
	noticeTemplate = "SMS_1000002" // notification: ${name} ${order}
)

// emulatorTemplates are the emulator's approved templates.
var emulatorTemplates = map[string]alidayutest.Template{
	codeTemplate:   {Text: "您的验证码是${code}", Kind: alidayutest.Verification},
	noticeTemplate: {Text: "${name}，您的订单${order}已发货", Kind: alidayutest.Notification},
}

// templates are the logical templates matching emulatorTemplates.
var templates = []sms.Template{
	{Name: "code", Kind: sms.KindVerification, Text: "您的验证码是${code}", Codes: map[string]string{"alidayu": codeTemplate}},
	{Name: "shipped", Kind: sms.KindNotification, Text: "${name}，您的订单${order}已发货", Codes: map[string]string{"alidayu": noticeTemplate}},
}

// codeMessage is a verification message to a mainland number.
func codeMessage(to string) sms.Message {
	return sms.Message{To: to, Template: "code", Params: map[string]string{"code": "482915"}, Reference: "ref-1"}
}

// newPair starts an emulator and a Sender pointed at it; edit adjusts the
// Sender's options.
func newPair(t testing.TB, o alidayutest.Options, edit func(*alidayu.Options)) (*alidayutest.Server, *alidayu.Sender) {
	t.Helper()
	if o.Templates == nil {
		o.Templates = emulatorTemplates
	}
	srv := alidayutest.NewServer(o)
	t.Cleanup(srv.Close)
	opts := alidayu.Options{
		AppKey:    alidayutest.TestAppKey,
		AppSecret: alidayutest.TestAppSecret,
		Endpoint:  srv.URL,
		SignName:  alidayutest.DefaultSignName,
		Templates: templates,
	}
	if edit != nil {
		edit(&opts)
	}
	s, err := alidayu.New(opts)
	require.NoError(t, err)
	t.Cleanup(s.CloseIdleConnections)
	return srv, s
}
