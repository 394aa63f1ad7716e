package tencent_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/tencent/tencenttest"
)

// Template ids of the emulator's templates in these tests.
const (
	codeTemplateID   = "100001" // verification: {1}
	noticeTemplateID = "100002" // notification: {1} {2}
	intlTemplateID   = "100003" // international: {1}
)

// emulatorTemplates are the emulator's approved templates.
var emulatorTemplates = map[string]tencenttest.Template{
	codeTemplateID:   {Text: "您的验证码是{1}", Kind: tencenttest.Verification},
	noticeTemplateID: {Text: "{1}，您的订单{2}已发货", Kind: tencenttest.Notification},
	intlTemplateID:   {Text: "Your code is {1}", Kind: tencenttest.International},
}

// templates are the logical templates matching emulatorTemplates.
var templates = []sms.Template{
	{Name: "code", Kind: sms.KindVerification, Text: "您的验证码是${code}", Codes: map[string]string{"tencent": codeTemplateID}},
	{Name: "shipped", Kind: sms.KindNotification, Text: "${name}，您的订单${order}已发货", Codes: map[string]string{"tencent": noticeTemplateID}},
	{Name: "code_intl", Kind: sms.KindInternational, Text: "Your code is ${code}", Codes: map[string]string{"tencent": intlTemplateID}},
}

// newPair starts an emulator and a Sender pointed at it; edit adjusts the
// Sender's options.
func newPair(t *testing.T, o tencenttest.Options, edit func(*tencent.Options)) (*tencenttest.Server, *tencent.Sender) {
	t.Helper()
	if o.Templates == nil {
		o.Templates = emulatorTemplates
	}
	srv := tencenttest.NewServer(o)
	t.Cleanup(srv.Close)
	opts := tencent.Options{
		SecretID:    tencenttest.TestSecretID,
		SecretKey:   tencenttest.TestSecretKey,
		SmsSdkAppID: tencenttest.TestSmsSdkAppID,
		Endpoint:    srv.URL,
		SignName:    tencenttest.DefaultSignName,
		Templates:   templates,
	}
	if edit != nil {
		edit(&opts)
	}
	s, err := tencent.New(opts)
	require.NoError(t, err)
	t.Cleanup(s.CloseIdleConnections)
	return srv, s
}
