package fake_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/internal/senderkit/senderkittest"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// declared are an application's templates, declared for Aliyun and Twilio.
var declared = senderkittest.Declared()

// aliyunOptions are the options of the production Aliyun Sender the tests
// compare the fake with.
var aliyunOptions = senderkittest.AliyunOptions(declared)

// TestSendFailsLikeAliyun sends each message to the fake given Aliyun's
// rules and the declared templates, and to the Aliyun provider itself over
// its emulator: the fake accepts what Aliyun accepts and refuses the rest
// with the very error Aliyun's Sender returns.
func TestSendFailsLikeAliyun(t *testing.T) {
	for _, tt := range senderkittest.AliyunCases() {
		t.Run(tt.Name, func(t *testing.T) {
			s := fake.MustNew(fake.Options{Provider: aliyun.Name, Rules: aliyunOptions.Rules(), Templates: declared})
			s.FailWhen(func(sms.Message) error { t.Error("a refused message reached the script"); return nil })
			if tt.WantRule == nil {
				s.FailWhen(nil)
			}
			err := senderkittest.SendLikeAliyun(t, s, tt, aliyunOptions)
			require.Len(t, s.Records(), 1, "every call is recorded")
			if err == nil {
				assert.Equal(t, 1, s.Len())
			} else {
				assert.Zero(t, s.Len())
			}
		})
	}
}

// TestSendFailsLikeTwilio does the same with Twilio's rules.
func TestSendFailsLikeTwilio(t *testing.T) {
	srv := twiliotest.NewServer(twiliotest.Options{})
	t.Cleanup(srv.Close)
	opts := twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: twiliotest.TestAuthToken,
		From: twiliotest.TestFrom, Templates: declared, Endpoint: srv.URL}
	prod, err := twilio.New(opts)
	require.NoError(t, err)
	t.Cleanup(prod.CloseIdleConnections)

	tests := []struct {
		name     string
		msg      sms.Message
		wantRule error // nil: accepted
	}{
		{name: "declared template", msg: loginCode("+12015550123", "123456")},
		{name: "body", msg: sms.Message{To: "+12015550123", Body: "hi"}},
		{name: "typo in the template name", msg: sms.Message{To: "+12015550123", Template: "login_cod", Params: map[string]string{"code": "1"}}, wantRule: sms.ErrUnknownTemplate},
		{name: "missing param", msg: sms.Message{To: "+12015550123", Template: "login_code"}, wantRule: sms.ErrMissingParam},
		{name: "extra param", msg: sms.Message{To: "+12015550123", Template: "login_code", Params: map[string]string{"code": "1", "name": "x"}}, wantRule: sms.ErrExtraParam},
		{name: "body over Twilio's limit", msg: sms.Message{To: "+12015550123", Body: strings.Repeat("x", 1601)}, wantRule: sms.ErrInvalidBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fake.MustNew(fake.Options{Provider: twilio.Name, Rules: opts.Rules(), Templates: declared})
			_, err := s.Send(context.Background(), tt.msg)
			_, prodErr := prod.Send(context.Background(), tt.msg)
			if tt.wantRule == nil {
				require.NoError(t, prodErr, "Twilio accepts it")
				require.NoError(t, err)
				return
			}
			assert.Equal(t, prodErr, err, "the error Twilio's Sender returns")
			assert.ErrorIs(t, err, tt.wantRule)
		})
	}
}

// TestZeroOptionsRefuseWhatEveryProviderRefuses checks the zero Options:
// any template name is a provider's code, and the core's checks and limits
// hold, with the error the core's Validator returns.
func TestZeroOptionsRefuseWhatEveryProviderRefuses(t *testing.T) {
	for _, tt := range senderkittest.ZeroOptionsCases() {
		t.Run(tt.Name, func(t *testing.T) {
			s := fake.MustNew(fake.Options{})
			senderkittest.SendLikeTheCore(t, s, tt, fake.DefaultProvider)
			assert.Len(t, s.Records(), 1)
		})
	}
}

func TestErrorsNameTheConfiguredProvider(t *testing.T) {
	// Given Aliyun's rules under its own name, the fake still reads the
	// templates' Aliyun codes, and names itself on errors.
	s := fake.MustNew(fake.Options{Rules: aliyunOptions.Rules(), Templates: declared})
	_, err := s.Send(context.Background(), loginCode("+8613800138000", "123456"))
	require.NoError(t, err)
	_, err = s.Send(context.Background(), loginCode("+12015550123", "123456"))
	var e *sms.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "fake", e.Provider)
	assert.ErrorIs(t, err, sms.ErrWrongKind)
}

func TestNewRefusesTemplatesThatCannotWork(t *testing.T) {
	tests := []struct {
		name      string
		opts      fake.Options
		wantInErr string
	}{
		{
			name:      "no Aliyun code",
			opts:      fake.Options{Rules: aliyunOptions.Rules(), Templates: []sms.Template{{Name: "login_code", Kind: sms.KindVerification}}},
			wantInErr: `invalid options: template "login_code"`,
		},
		{
			name:      "no kind",
			opts:      fake.Options{Provider: "aliyun", Templates: []sms.Template{{Name: "login_code"}}},
			wantInErr: `sms: aliyun: invalid options: template "login_code": Template.Kind is unspecified`,
		},
		{
			name:      "twice the same name",
			opts:      fake.Options{Templates: []sms.Template{declared[0], declared[0]}},
			wantInErr: `sms: fake: invalid options: template "login_code": two templates have this name`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := fake.New(tt.opts)
			assert.Nil(t, s)
			require.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.wantInErr)
			assert.NotErrorAs(t, err, new(*sms.Error), "a configuration error is not a message error")
			assert.PanicsWithError(t, err.Error(), func() { fake.MustNew(tt.opts) })
		})
	}
}

func TestCheckTemplate(t *testing.T) {
	s := fake.MustNew(fake.Options{Rules: aliyunOptions.Rules(), Templates: declared})
	var checker sms.TemplateChecker = s
	assert.NoError(t, checker.CheckTemplate(declared[0]))
	other := declared[0]
	other.Codes = map[string]string{"aliyun": "SMS_999"}
	assert.ErrorIs(t, checker.CheckTemplate(other), sms.ErrInvalidOptions)
	assert.ErrorIs(t, checker.CheckTemplate(sms.Template{Name: "signup", Kind: sms.KindNotification, Codes: map[string]string{"aliyun": "SMS_3"}}),
		sms.ErrInvalidOptions, "not declared to this sender")

	zero := fake.MustNew(fake.Options{})
	assert.NoError(t, zero.CheckTemplate(declared[0]), "nothing declared: raw codes")
}
