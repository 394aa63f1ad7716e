package dryrun_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

// declared are an application's templates, declared for Aliyun.
var declared = []sms.Template{
	{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}.", Codes: map[string]string{"aliyun": "SMS_100"}},
	{Name: "intl_code", Kind: sms.KindInternational, Text: "Your code is ${code}.", Codes: map[string]string{"aliyun": "SMS_200"}},
}

// aliyunOptions are the options of the production Aliyun Sender the tests
// compare the dry run with.
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

// TestSendFailsLikeAliyun sends each message to a dry run given Aliyun's
// rules and the declared templates, and to the Aliyun provider itself over
// its emulator: staging accepts what production accepts and refuses the
// rest with the very error production returns.
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
			s := newSender(t, dryrun.Options{Provider: aliyun.Name, Rules: aliyunOptions.Rules(), Templates: declared, Logger: quiet()})
			res, err := s.Send(ctx, tt.msg)
			_, prodErr := newAliyun(t).Send(ctx, tt.msg)
			if tt.wantRule == nil {
				require.NoError(t, prodErr, "Aliyun accepts it")
				require.NoError(t, err)
				assert.Len(t, s.Records(), 1)
				return
			}
			assert.Equal(t, prodErr, err, "the error Aliyun's Sender returns")
			assert.Zero(t, res)
			assert.Empty(t, s.Records(), "refused messages are not kept")
			assert.ErrorIs(t, err, tt.wantRule)
			assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
			assert.True(t, sms.IsNotAccepted(err))
			assert.NotContains(t, err.Error(), "13800138000")
			assert.NotContains(t, err.Error(), "999999")
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
			s := newSender(t, dryrun.Options{Logger: quiet()})
			_, err := s.Send(ctx, tt.msg)
			if tt.wantRule == nil {
				require.NoError(t, err)
				return
			}
			v, verr := sms.NewValidator(sms.Rules{Provider: dryrun.DefaultProvider}, nil)
			require.NoError(t, verr)
			_, want := v.Prepare(ctx, tt.msg)
			assert.Equal(t, want, err)
			assert.ErrorIs(t, err, tt.wantRule)
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
