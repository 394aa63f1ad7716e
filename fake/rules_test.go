package fake_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
)

// aliyunRules mirrors Aliyun's rules by hand, as aliyun.Rules() will
// export them: templates only, each with an Aliyun code, domestic kinds for
// mainland numbers only, params of at most 35 characters.
// TODO(merge): replace with aliyun.Rules().
func aliyunRules() sms.Rules {
	return sms.Rules{Provider: "aliyun", TemplatesOnly: true, NeedsCode: true, DomesticRegion: "CN", MaxParamLength: 35}
}

// declared are an application's templates, declared for Aliyun.
var declared = []sms.Template{
	{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}.", Codes: map[string]string{"aliyun": "SMS_100"}},
	{Name: "intl_code", Kind: sms.KindInternational, Text: "Your code is ${code}.", Codes: map[string]string{"aliyun": "SMS_200"}},
}

// TestSendFailsLikeProduction checks that the fake, given a provider's rules
// and the declared templates, refuses what the provider would, with the
// error the provider's own Validator returns, and that the zero Options
// still refuse what every provider refuses.
func TestSendFailsLikeProduction(t *testing.T) {
	aliyun := fake.Options{Provider: "aliyun", Rules: aliyunRules(), Templates: declared}
	long := strings.Repeat("9", 2000)
	tests := []struct {
		name     string
		opts     fake.Options
		nilCtx   bool // Send gets a nil context
		msg      sms.Message
		wantRule error // nil: accepted
	}{
		{name: "declared template", opts: aliyun, msg: loginCode("138 0013 8000", "123456")},
		{name: "international template abroad", opts: aliyun, msg: sms.Message{To: "+12015550123", Template: "intl_code", Params: map[string]string{"code": "1"}}},
		{name: "typo in the template name", opts: aliyun, msg: sms.Message{To: "+8613800138000", Template: "login_cod", Params: map[string]string{"code": "1"}}, wantRule: sms.ErrUnknownTemplate},
		{name: "missing param", opts: aliyun, msg: sms.Message{To: "+8613800138000", Template: "login_code"}, wantRule: sms.ErrMissingParam},
		{name: "extra param", opts: aliyun, msg: sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "1", "name": "x"}}, wantRule: sms.ErrExtraParam},
		{name: "param over the provider's limit", opts: aliyun, msg: loginCode("+8613800138000", strings.Repeat("9", 36)), wantRule: sms.ErrInvalidParam},
		{name: "2,000-character param", opts: aliyun, msg: loginCode("+8613800138000", long), wantRule: sms.ErrInvalidParam},
		{name: "US number, domestic template", opts: aliyun, msg: loginCode("+12015550123", "1"), wantRule: sms.ErrWrongKind},
		{name: "mainland number, international template", opts: aliyun, msg: sms.Message{To: "+8613800138000", Template: "intl_code", Params: map[string]string{"code": "1"}}, wantRule: sms.ErrWrongKind},
		{name: "body to a templates-only provider", opts: aliyun, msg: sms.Message{To: "+8613800138000", Body: "hi"}, wantRule: sms.ErrMissingContent},
		{name: "nil context", opts: aliyun, nilCtx: true, msg: loginCode("+8613800138000", "1"), wantRule: sms.ErrNilContext},
		{name: "zero options: any template name is a code", msg: sms.Message{To: "+8613800138000", Template: "SMS_999"}},
		{name: "zero options: body", msg: sms.Message{To: "+12015550123", Body: "hi"}},
		{name: "zero options: 2,000-character param", msg: loginCode("+8613800138000", long), wantRule: sms.ErrInvalidParam},
		{name: "zero options: nil context", nilCtx: true, msg: loginCode("+8613800138000", "1"), wantRule: sms.ErrNilContext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.nilCtx {
				ctx = nil
			}
			s := fake.MustNew(tt.opts)
			s.FailWhen(func(sms.Message) error { t.Error("a refused message reached the script"); return nil })
			if tt.wantRule == nil {
				s.FailWhen(nil)
			}
			res, err := s.Send(ctx, tt.msg)
			require.Len(t, s.Records(), 1, "every call is recorded")
			if tt.wantRule == nil {
				require.NoError(t, err)
				assert.Equal(t, 1, s.Len())
				return
			}
			assert.Zero(t, res)
			assert.ErrorIs(t, err, tt.wantRule)
			assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
			assert.True(t, sms.IsNotAccepted(err))
			assert.Zero(t, s.Len())
			assert.NotContains(t, err.Error(), "13800138000")
			assert.NotContains(t, err.Error(), long[:36])

			// The very error the provider's Validator returns.
			rules, provider := tt.opts.Rules, "fake"
			if tt.opts.Provider != "" {
				provider = tt.opts.Provider
			}
			if rules.Provider == "" {
				rules.Provider = provider
			}
			v, verr := sms.NewValidator(rules, tt.opts.Templates)
			require.NoError(t, verr)
			_, want := v.Prepare(ctx, tt.msg)
			assert.Equal(t, want, err)
			assert.Equal(t, provider, err.(*sms.Error).Provider)
		})
	}
}

func TestErrorsNameTheConfiguredProvider(t *testing.T) {
	// Given Aliyun's rules under its own name, the fake still reads the
	// templates' Aliyun codes, and names itself on errors.
	s := fake.MustNew(fake.Options{Rules: aliyunRules(), Templates: declared})
	_, err := s.Send(context.Background(), loginCode("+8613800138000", "1"))
	require.NoError(t, err)
	_, err = s.Send(context.Background(), loginCode("+12015550123", "1"))
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
			opts:      fake.Options{Rules: aliyunRules(), Templates: []sms.Template{{Name: "login_code", Kind: sms.KindVerification}}},
			wantInErr: `sms: fake: invalid options: template "login_code" has no fake template code: set Codes["aliyun"]`,
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
	s := fake.MustNew(fake.Options{Rules: aliyunRules(), Templates: declared})
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
