package dryrun_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
	"github.com/smskit/sms/internal/senderkit/senderkittest"
	"github.com/smskit/sms/provider/aliyun"
)

// declared are an application's templates, declared for Aliyun.
var declared = senderkittest.Declared()

// aliyunOptions are the options of the production Aliyun Sender the tests
// compare the dry run with.
var aliyunOptions = senderkittest.AliyunOptions(declared)

// TestSendFailsLikeAliyun sends each message to a dry run given Aliyun's
// rules and the declared templates, and to the Aliyun provider itself over
// its emulator: staging accepts what production accepts and refuses the
// rest with the very error production returns.
func TestSendFailsLikeAliyun(t *testing.T) {
	for _, tt := range senderkittest.AliyunCases() {
		t.Run(tt.Name, func(t *testing.T) {
			s := newSender(t, dryrun.Options{Provider: aliyun.Name, Rules: aliyunOptions.Rules(), Templates: declared, Logger: quiet()})
			if err := senderkittest.SendLikeAliyun(t, s, tt, aliyunOptions); err == nil {
				assert.Len(t, s.Records(), 1)
			} else {
				assert.Empty(t, s.Records(), "refused messages are not kept")
			}
		})
	}
}

// TestZeroOptionsRefuseWhatEveryProviderRefuses checks the zero Options:
// any template name is a provider's code, and the core's checks and limits
// hold, with the error the core's Validator returns.
func TestZeroOptionsRefuseWhatEveryProviderRefuses(t *testing.T) {
	for _, tt := range senderkittest.ZeroOptionsCases() {
		t.Run(tt.Name, func(t *testing.T) {
			senderkittest.SendLikeTheCore(t, newSender(t, dryrun.Options{Logger: quiet()}), tt, dryrun.DefaultProvider)
		})
	}
}

func TestNewRefusesTemplatesThatCannotWork(t *testing.T) {
	s, err := dryrun.New(dryrun.Options{Rules: aliyunOptions.Rules(), Templates: []sms.Template{{Name: "login_code", Kind: sms.KindVerification}}})
	assert.Nil(t, s)
	require.ErrorIs(t, err, sms.ErrInvalidOptions)
	assert.Contains(t, err.Error(), `invalid options: template "login_code"`)
	assert.NotErrorAs(t, err, new(*sms.Error), "a configuration error is not a message error")
}

func TestCheckTemplate(t *testing.T) {
	s := newSender(t, dryrun.Options{Rules: aliyunOptions.Rules(), Templates: declared})
	var checker sms.TemplateChecker = s
	assert.NoError(t, checker.CheckTemplate(declared[0]))
	assert.ErrorIs(t, checker.CheckTemplate(sms.Template{Name: "signup", Kind: sms.KindNotification, Codes: map[string]string{"aliyun": "SMS_3"}}),
		sms.ErrInvalidOptions, "not declared to this sender")
	assert.Nil(t, sms.Unwrap(s), "a dry run is a leaf")
}
