package fake_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// declared are an application's templates, declared for Aliyun and Twilio.
var declared = []sms.Template{
	{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}.", Codes: map[string]string{"aliyun": "SMS_100"}},
	{Name: "intl_code", Kind: sms.KindInternational, Text: "Your code is ${code}.", Codes: map[string]string{"aliyun": "SMS_200"}},
}

// aliyunOptions are the options of the production Aliyun Sender the tests
// compare the fake with.
var aliyunOptions = aliyun.Options{
	AccessKeyID:     aliyuntest.TestAccessKeyID,
	AccessKeySecret: aliyuntest.TestAccessKeySecret,
	SignName:        aliyuntest.DefaultSignName,
	Templates:       declared,
}

// newAliyun returns a production Aliyun Sender over a fresh emulator that
// knows the declared templates.
func newAliyun(t *testing.T) sms.Sender {
	srv := aliyuntest.NewServer(aliyuntest.Options{Templates: map[string]aliyuntest.Template{
		"SMS_100": {Text: "Your code is ${code}.", Kind: aliyuntest.Verification},
		"SMS_200": {Text: "Your code is ${code}.", Kind: aliyuntest.International},
	}})
	t.Cleanup(srv.Close)
	opts := aliyunOptions
	opts.Endpoint = srv.URL
	s, err := aliyun.New(opts)
	require.NoError(t, err)
	t.Cleanup(s.CloseIdleConnections)
	return s
}

// TestSendFailsLikeAliyun sends each message to the fake given Aliyun's
// rules and the declared templates, and to the Aliyun provider itself over
// its emulator: the fake accepts what Aliyun accepts and refuses the rest
// with the very error Aliyun's Sender returns.
func TestSendFailsLikeAliyun(t *testing.T) {
	long := strings.Repeat("9", 2000)
	tests := []struct {
		name     string
		nilCtx   bool // Send gets a nil context
		msg      sms.Message
		wantRule error // nil: accepted
	}{
		{name: "declared template", msg: loginCode("138 0013 8000", "123456")},
		{name: "international template abroad", msg: sms.Message{To: "+447911123456", Template: "intl_code", Params: map[string]string{"code": "123456"}}},
		{name: "typo in the template name", msg: sms.Message{To: "+8613800138000", Template: "login_cod", Params: map[string]string{"code": "123456"}}, wantRule: sms.ErrUnknownTemplate},
		{name: "missing param", msg: sms.Message{To: "+8613800138000", Template: "login_code"}, wantRule: sms.ErrMissingParam},
		{name: "extra param", msg: sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "123456", "name": "x"}}, wantRule: sms.ErrExtraParam},
		{name: "param over Aliyun's limit", msg: sms.Message{To: "+447911123456", Template: "intl_code", Params: map[string]string{"code": strings.Repeat("9", 36)}}, wantRule: sms.ErrInvalidParam},
		{name: "2,000-character param", msg: loginCode("+8613800138000", long), wantRule: sms.ErrInvalidParam},
		{name: "verification code too short", msg: loginCode("+8613800138000", "1"), wantRule: sms.ErrInvalidParam},
		{name: "US number, domestic template", msg: loginCode("+12015550123", "123456"), wantRule: sms.ErrWrongKind},
		{name: "mainland number, international template", msg: sms.Message{To: "+8613800138000", Template: "intl_code", Params: map[string]string{"code": "123456"}}, wantRule: sms.ErrWrongKind},
		{name: "body to a templates-only provider", msg: sms.Message{To: "+8613800138000", Body: "hi"}, wantRule: sms.ErrMissingContent},
		{name: "nil context", nilCtx: true, msg: loginCode("+8613800138000", "123456"), wantRule: sms.ErrNilContext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.nilCtx {
				ctx = nil
			}
			s := fake.MustNew(fake.Options{Provider: aliyun.Name, Rules: aliyunOptions.Rules(), Templates: declared})
			s.FailWhen(func(sms.Message) error { t.Error("a refused message reached the script"); return nil })
			if tt.wantRule == nil {
				s.FailWhen(nil)
			}
			res, err := s.Send(ctx, tt.msg)
			_, prodErr := newAliyun(t).Send(ctx, tt.msg)

			require.Len(t, s.Records(), 1, "every call is recorded")
			if tt.wantRule == nil {
				require.NoError(t, prodErr, "Aliyun accepts it")
				require.NoError(t, err)
				assert.Equal(t, 1, s.Len())
				return
			}
			assert.Equal(t, prodErr, err, "the error Aliyun's Sender returns")
			assert.Zero(t, res)
			assert.ErrorIs(t, err, tt.wantRule)
			assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
			assert.True(t, sms.IsNotAccepted(err))
			assert.Zero(t, s.Len())
			assert.NotContains(t, err.Error(), "13800138000")
			assert.NotContains(t, err.Error(), "999999")
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
	tests := []struct {
		name     string
		nilCtx   bool
		msg      sms.Message
		wantRule error // nil: accepted
	}{
		{name: "any template name is a code", msg: sms.Message{To: "+8613800138000", Template: "SMS_999"}},
		{name: "body", msg: sms.Message{To: "+12015550123", Body: "hi"}},
		{name: "2,000-character param", msg: loginCode("+8613800138000", strings.Repeat("9", 2000)), wantRule: sms.ErrInvalidParam},
		{name: "nil context", nilCtx: true, msg: loginCode("+8613800138000", "1"), wantRule: sms.ErrNilContext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.nilCtx {
				ctx = nil
			}
			s := fake.MustNew(fake.Options{})
			_, err := s.Send(ctx, tt.msg)
			if tt.wantRule == nil {
				require.NoError(t, err)
				return
			}
			v, verr := sms.NewValidator(sms.Rules{Provider: fake.DefaultProvider}, nil)
			require.NoError(t, verr)
			_, want := v.Prepare(ctx, tt.msg)
			assert.Equal(t, want, err)
			assert.ErrorIs(t, err, tt.wantRule)
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
