package sms_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/smskit/sms"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	codeTemplate = sms.Template{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}.",
		Codes: map[string]string{"acme": "T_1"}, Signs: map[string]string{"acme": "Acme"}}
	noticeTemplate = sms.Template{Name: "order_notice", Kind: sms.KindNotification,
		Codes: map[string]string{"acme": "T_2"}}
	worldTemplate = sms.Template{Name: "world_code", Kind: sms.KindInternational, Text: "Code ${code}",
		Codes: map[string]string{"acme": "T_3"}}
	acmeRules = sms.Rules{Provider: "acme", TemplatesOnly: true, NeedsCode: true, DomesticRegion: "CN", MaxParamLength: 35}
)

func acmeValidator(t *testing.T, rules sms.Rules) *sms.Validator {
	t.Helper()
	v, err := sms.NewValidator(rules, []sms.Template{codeTemplate, noticeTemplate, worldTemplate})
	require.NoError(t, err)
	return v
}

func TestValidatorPrepare(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	code := map[string]string{"code": "123456"}
	tests := []struct {
		name  string
		ctx   context.Context
		rules func(*sms.Rules)
		msg   sms.Message
		rule  error  // errors.Is; nil means success
		text  string // in the error
	}{
		{name: "declared", msg: sms.Message{To: "13800138000", Template: "login_code", Params: code}},
		{name: "nil context", ctx: nil, msg: sms.Message{To: "13800138000", Template: "login_code", Params: code},
			rule: sms.ErrNilContext, text: "nil context.Context"},
		{name: "canceled", ctx: canceled, msg: sms.Message{To: "13800138000", Template: "login_code", Params: code},
			rule: context.Canceled},
		{name: "bad number", msg: sms.Message{To: "+86123", Template: "login_code", Params: code},
			rule: sms.ErrInvalidNumber},
		{name: "huge number", msg: sms.Message{To: strings.Repeat("1", 1<<20), Template: "login_code"},
			rule: sms.ErrInvalidNumber, text: "more than 64"},
		{name: "body to a templates-only provider", msg: sms.Message{To: "13800138000", Body: "hi"},
			rule: sms.ErrMissingContent, text: "acme sends templates only"},
		{name: "typo", msg: sms.Message{To: "13800138000", Template: "login_cod", Params: code},
			rule: sms.ErrUnknownTemplate, text: `template "login_cod" is not declared`},
		{name: "undeclared allowed", rules: func(r *sms.Rules) { r.AllowUndeclared = true },
			msg: sms.Message{To: "13800138000", Template: "T_9", Params: code}},
		{name: "missing param", msg: sms.Message{To: "13800138000", Template: "login_code"},
			rule: sms.ErrMissingParam, text: `needs param "code"`},
		{name: "extra param", msg: sms.Message{To: "13800138000", Template: "login_code",
			Params: map[string]string{"code": "1", "cdoe": "2"}}, rule: sms.ErrExtraParam, text: `no variable "cdoe"`},
		{name: "no text, no param check", msg: sms.Message{To: "13800138000", Template: "order_notice",
			Params: map[string]string{"anything": "x"}}},
		{name: "provider param limit", msg: sms.Message{To: "13800138000", Template: "order_notice",
			Params: map[string]string{"item": strings.Repeat("x", 36)}}, rule: sms.ErrInvalidParam, text: "longer than 35"},
		{name: "huge param names the provider's limit", msg: sms.Message{To: "13800138000", Template: "order_notice",
			Params: map[string]string{"item": strings.Repeat("x", 1<<20)}}, rule: sms.ErrInvalidParam, text: "longer than 35"},
		{name: "core param limit", rules: func(r *sms.Rules) { r.MaxParamLength = 0 }, msg: sms.Message{To: "13800138000",
			Template: "order_notice", Params: map[string]string{"item": strings.Repeat("x", 1025)}},
			rule: sms.ErrInvalidParam, text: "longer than 1024"},
		{name: "a body replaces the text", rules: func(r *sms.Rules) { r.TemplatesOnly = false },
			msg: sms.Message{To: "13800138000", Template: "login_code", Body: "Your code is 1234."}},
		{name: "templates only: the text's params still count", msg: sms.Message{To: "13800138000", Template: "login_code",
			Body: "Your code is 1234."}, rule: sms.ErrMissingParam},
		{name: "body limit", rules: func(r *sms.Rules) { r.TemplatesOnly = false; r.MaxBodyLength = 1600 },
			msg: sms.Message{To: "13800138000", Body: strings.Repeat("b", 1<<20)}, rule: sms.ErrInvalidBody, text: "longer than 1600"},
		{name: "too many params", msg: sms.Message{To: "13800138000", Template: "order_notice",
			Params: manyParams(33)}, rule: sms.ErrInvalidParam, text: "33 params"},
		{name: "huge template name", msg: sms.Message{To: "13800138000", Template: strings.Repeat("t", 1<<16)},
			rule: sms.ErrInvalidTemplate, text: "longer than 128"},
		{name: "domestic template abroad", msg: sms.Message{To: "+14155552671", Template: "login_code", Params: code},
			rule: sms.ErrWrongKind, text: "use an international template"},
		{name: "international template at home", msg: sms.Message{To: "13800138000", Template: "world_code", Params: code},
			rule: sms.ErrWrongKind, text: "use a domestic template"},
		{name: "international template abroad", msg: sms.Message{To: "+85291234567", Template: "world_code", Params: code}},
		{name: "provider's own check", rules: func(r *sms.Rules) {
			r.CheckMessage = func(p sms.Prepared) error {
				return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Message: "no " + p.Phone.Region}
			}
		}, msg: sms.Message{To: "13800138000", Template: "login_code", Params: code}, text: "no CN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := acmeRules
			if tt.rules != nil {
				tt.rules(&rules)
			}
			v := acmeValidator(t, rules)
			ctx := tt.ctx
			if ctx == nil && tt.rule != sms.ErrNilContext {
				ctx = context.Background()
			}
			before := cloneParams(tt.msg.Params)
			p, err := v.Prepare(ctx, tt.msg)
			assert.Equal(t, before, cloneParams(tt.msg.Params), "Prepare changed the caller's params")
			if tt.rule == nil && tt.text == "" {
				require.NoError(t, err)
				assert.True(t, strings.HasPrefix(p.Message.To, "+"))
				return
			}
			require.Error(t, err)
			if tt.rule != nil {
				assert.ErrorIs(t, err, tt.rule)
			}
			assert.Contains(t, err.Error(), tt.text)
			assert.Contains(t, err.Error(), "sms: acme: ")
			assert.True(t, sms.IsNotAccepted(err))
			assert.Less(t, len(err.Error()), 400, "errors stay short whatever the input")
			assert.NotContains(t, err.Error(), "138")
		})
	}
}

func TestValidatorResolves(t *testing.T) {
	v := acmeValidator(t, acmeRules)
	p, err := v.Prepare(context.Background(), sms.Message{To: "138 0013 8000", Template: "login_code",
		Params: map[string]string{"code": "1234"}})
	require.NoError(t, err)
	assert.Equal(t, "+8613800138000", p.Message.To)
	assert.Equal(t, "T_1", p.Code)
	assert.Equal(t, "Acme", p.Sign)
	assert.True(t, p.Declared)
	assert.Equal(t, sms.KindVerification, p.Template.Kind)

	p, err = v.Prepare(context.Background(), sms.Message{To: "13800138000", Template: "login_code", Sign: "Other",
		Params: map[string]string{"code": "1234"}})
	require.NoError(t, err)
	assert.Equal(t, "Other", p.Sign, "the message's sign wins")
}

func TestNewValidatorOptions(t *testing.T) {
	tests := []struct {
		name      string
		rules     sms.Rules
		templates []sms.Template
		text      string
	}{
		{"no code", sms.Rules{Provider: "acme", NeedsCode: true},
			[]sms.Template{{Name: "x", Kind: sms.KindNotification}}, `template "x" has no template code: set Codes["acme"]`},
		{"other key", sms.Rules{Provider: "acme", NeedsCode: true, TemplateKey: "acme-2"},
			[]sms.Template{codeTemplate}, `Codes["acme-2"]`},
		{"no text", sms.Rules{Provider: "acme", NeedsText: true},
			[]sms.Template{noticeTemplate}, `template "order_notice" has no Text`},
		{"no kind", sms.Rules{Provider: "acme"}, []sms.Template{{Name: "x"}}, "Template.Kind is unspecified"},
		{"provider's own check", sms.Rules{Provider: "acme", CheckTemplate: func(sms.Template) error {
			return errors.New("codes look like T_n")
		}}, []sms.Template{codeTemplate}, "codes look like T_n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sms.NewValidator(tt.rules, tt.templates)
			require.Error(t, err)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), "sms: acme: invalid options: ")
			assert.Contains(t, err.Error(), tt.text)
			assert.NotContains(t, err.Error(), "accepted")
		})
	}
}

func TestValidatorCheckTemplate(t *testing.T) {
	v := acmeValidator(t, acmeRules)
	assert.NoError(t, v.CheckTemplate(codeTemplate))
	other := codeTemplate
	other.Codes = map[string]string{"acme": "T_7"}
	kind := codeTemplate
	kind.Kind = sms.KindNotification
	for name, tt := range map[string]struct {
		t    sms.Template
		text string
	}{
		"undeclared":   {sms.Template{Name: "new", Kind: sms.KindNotification, Codes: map[string]string{"acme": "T_8"}}, "not among this sender's declared templates"},
		"another code": {other, `another Codes["acme"]`},
		"another kind": {kind, "declared here as verification, not notification"},
		"no code":      {sms.Template{Name: "login_code", Kind: sms.KindVerification}, "has no template code"},
	} {
		t.Run(name, func(t *testing.T) {
			err := v.CheckTemplate(tt.t)
			require.Error(t, err)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.text)
		})
	}
	raw, err := sms.NewValidator(acmeRules, nil)
	require.NoError(t, err)
	assert.NoError(t, raw.CheckTemplate(sms.Template{Name: "T_5", Kind: sms.KindNotification, Codes: map[string]string{"acme": "T_5"}}),
		"without declared templates every name is a raw code")
}

func manyParams(n int) map[string]string {
	m := make(map[string]string, n)
	for i := range n {
		m[strings.Repeat("k", i+1)] = "v"
	}
	return m
}

func cloneParams(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
