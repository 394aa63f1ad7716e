package aliyun_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

// aliyunCode declares an Aliyun code under the default key.
func aliyunCode(code string) map[string]string { return map[string]string{"aliyun": code} }

// verification is a verification template called name with code.
func verification(name, code string) sms.Template {
	return sms.Template{Name: name, Kind: sms.KindVerification, Codes: aliyunCode(code)}
}

// templateCases are declarations New must accept (want == "") or refuse
// with an error containing want; CheckTemplate must agree.
var templateCases = []struct {
	name string
	ts   []sms.Template
	want string
}{
	{"none", nil, ""},
	{"code only", []sms.Template{verification("login_code", "SMS_1")}, ""},
	{"code, sign and text", []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: "code ${code}",
		Codes: aliyunCode("SMS_1"), Signs: map[string]string{"aliyun": "smskit", "twilio": "SMSKIT"}}}, ""},
	{"promotion without variables", []sms.Template{{Name: "sale", Kind: sms.KindPromotion, Text: "五折", Codes: aliyunCode("SMS_2")}}, ""},
	{"text only", []sms.Template{{Name: "promo", Kind: sms.KindPromotion, Text: "sale"}},
		`template "promo" has no template code: set Codes["aliyun"]`},
	{"another provider's code only", []sms.Template{{Name: "promo", Kind: sms.KindPromotion, Codes: map[string]string{"other": "SMS_1"}}},
		`template "promo" has no template code`},
	{"malformed code", []sms.Template{verification("login_code", "SMS_12a")},
		`template "login_code": Codes["aliyun"] is "SMS_12a", not "SMS_" and digits`},
	{"lower-case code", []sms.Template{verification("login_code", "sms_1")}, `not "SMS_" and digits`},
	{"malformed text", []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: "code ${code", Codes: aliyunCode("SMS_1")}},
		`template "login_code" at byte 5: unclosed "${"`},
	{"empty name", []sms.Template{{Kind: sms.KindVerification, Codes: aliyunCode("SMS_1")}}, "template 1: Template.Name is empty"},
	{"duplicate name", []sms.Template{verification("a", "SMS_1"), verification("a", "SMS_2")},
		`template "a": two templates have this name`},
	{"no kind", []sms.Template{{Name: "a", Codes: aliyunCode("SMS_1")}}, `template "a": Template.Kind is unspecified`},
	{"promotion with a variable", []sms.Template{{Name: "sale", Kind: sms.KindPromotion, Text: "${pct} off", Codes: aliyunCode("SMS_2")}},
		`template "sale" is a promotion template with variables`},
}

func TestNewChecksTemplates(t *testing.T) {
	for _, tt := range templateCases {
		t.Run(tt.name, func(t *testing.T) {
			s, err := aliyun.New(aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret, SignName: "smskit", Templates: tt.ts})
			if tt.want == "" {
				require.NoError(t, err)
				require.NotNil(t, s)
				for _, tpl := range tt.ts {
					assert.NoError(t, s.CheckTemplate(tpl), "a Sender serves its own templates")
				}
				return
			}
			assert.Nil(t, s)
			requireOptionsError(t, err, tt.want)

			if len(tt.ts) == 1 { // CheckTemplate applies the same rule
				s, err := aliyun.New(aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret, SignName: "smskit"})
				require.NoError(t, err)
				requireOptionsError(t, s.CheckTemplate(tt.ts[0]), tt.want)
			}
		})
	}
}

func TestNewTemplateKey(t *testing.T) {
	login := sms.Template{Name: "login_code", Kind: sms.KindVerification, Codes: map[string]string{"aliyun": "SMS_1", "aliyun-backup": "SMS_2"}}
	_, err := aliyun.New(aliyun.Options{SignName: "smskit", TemplateKey: "aliyun-backup",
		Templates: []sms.Template{login, verification("promo", "SMS_3")}})
	requireOptionsError(t, err, `template "promo" has no template code: set Codes["aliyun-backup"]`)
	s, err := aliyun.New(aliyun.Options{SignName: "smskit", TemplateKey: "aliyun-backup", Templates: []sms.Template{login}})
	require.NoError(t, err)
	assert.NoError(t, s.CheckTemplate(login))
	assert.Equal(t, "aliyun-backup", aliyun.Options{TemplateKey: "aliyun-backup"}.Rules().TemplateKey)
}

func TestCheckTemplate(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	s := newSender(t, srv, nil) // declares testTemplates, without signs
	raw, err := aliyun.New(aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret, SignName: "smskit"})
	require.NoError(t, err)
	tests := []struct {
		name   string
		sender *aliyun.Sender
		t      sms.Template
		want   string
	}{
		{"declared", s, verification("login_code", aliyuntest.DefaultTemplateCode), ""},
		{"no code", s, sms.Template{Name: "login_code", Kind: sms.KindVerification}, `template "login_code" has no template code`},
		{"not declared", s, verification("welcome", "SMS_1"), `template "welcome" is not among this sender's declared templates`},
		{"a code as the name, not declared", s, verification("SMS_123", "SMS_123"), `template "SMS_123" is not among`},
		{"another code", s, verification("login_code", "SMS_1"), `template "login_code" is declared here with another Codes["aliyun"]`},
		{"another sign", s, sms.Template{Name: "login_code", Kind: sms.KindVerification, Codes: aliyunCode(aliyuntest.DefaultTemplateCode),
			Signs: map[string]string{"aliyun": "smskit"}}, `template "login_code" is declared here with another Signs["aliyun"]`},
		{"another kind", s, sms.Template{Name: "login_code", Kind: sms.KindNotification, Codes: aliyunCode(aliyuntest.DefaultTemplateCode)},
			`template "login_code" is declared here as verification, not notification`},
		{"empty name", s, sms.Template{Kind: sms.KindVerification, Codes: aliyunCode("SMS_1")}, "Template.Name is empty"},
		{"raw codes: the name is the code", raw, verification("SMS_123", "SMS_123"), ""},
		{"raw codes: a name that is not the code", raw, verification("login_code", "SMS_123"),
			`template "login_code" is not among this Sender's Options.Templates, so the Sender would send its name as the template code`},
		{"raw codes: a sign of its own", raw, sms.Template{Name: "SMS_123", Kind: sms.KindVerification, Codes: aliyunCode("SMS_123"),
			Signs: map[string]string{"aliyun": "smskit"}}, "would send its name as the template code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.sender.CheckTemplate(tt.t)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			requireOptionsError(t, err, tt.want)
		})
	}
}

func TestTemplateSign(t *testing.T) {
	const sign = "smskit"
	srv := newEmulator(t, aliyuntest.Options{Signs: []string{aliyuntest.DefaultSignName, sign}})
	s := newSender(t, srv, func(o *aliyun.Options) {
		o.Templates = append(o.Templates, sms.Template{Name: "signed", Kind: sms.KindVerification,
			Codes: aliyunCode(aliyuntest.DefaultTemplateCode), Signs: map[string]string{"aliyun": sign}})
	})
	tests := []struct {
		name, template, msgSign, want string
	}{
		{"template sign replaces SignName", "signed", "", sign},
		{"message sign wins", "signed", aliyuntest.DefaultSignName, aliyuntest.DefaultSignName},
		{"no template sign: SignName", "login_code", "", aliyuntest.DefaultSignName},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			to := "+861380013800" + string(rune('0'+i))
			_, err := s.Send(context.Background(), sms.Message{To: to, Template: tt.template, Sign: tt.msgSign,
				Params: map[string]string{"code": testCode}})
			require.NoError(t, err)
			m, ok := srv.LastMessageTo(to[3:])
			require.True(t, ok)
			assert.Equal(t, tt.want, m.SignName)
			assert.Equal(t, aliyuntest.DefaultTemplateCode, m.TemplateCode)
		})
	}
}

// TestRulesForFakes: the rules a fake gets from Rules refuse what the
// Sender refuses, with the same error.
func TestRulesForFakes(t *testing.T) {
	o := aliyun.Options{SignName: "smskit", Templates: testTemplates()}
	v, err := sms.NewValidator(o.Rules(), o.Templates)
	require.NoError(t, err)
	srv := newEmulator(t, aliyuntest.Options{})
	s := newSender(t, srv, nil)
	for _, msg := range []sms.Message{
		{To: "+1 312 555 0100", Template: "intl_code", Params: map[string]string{"code": "1234"}},
		{To: testNumber, Template: "login_cod", Params: map[string]string{"code": "1234"}},
		{To: testNumber, Template: "login_code", Params: map[string]string{"code": "12"}},
		{To: testNumber, Template: "promo", Params: map[string]string{"x": "1"}},
	} {
		_, want := s.Send(context.Background(), msg)
		require.Error(t, want)
		_, got := v.Prepare(context.Background(), msg)
		assert.Equal(t, want, got, msg.Template)
	}
	assert.Zero(t, srv.Requests("SendSms"))
}
