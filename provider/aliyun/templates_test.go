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

// templateCases are declarations New must accept (want == "") or refuse
// with an error containing want; CheckTemplate must agree.
var templateCases = []struct {
	name string
	ts   []sms.Template
	want string
}{
	{"none", nil, ""},
	{"code only", []sms.Template{{Name: "login_code", Codes: aliyunCode("SMS_1")}}, ""},
	{"code, sign and text", []sms.Template{{Name: "login_code", Text: "code ${code}",
		Codes: aliyunCode("SMS_1"), Signs: map[string]string{"aliyun": "smskit", "twilio": "SMSKIT"}}}, ""},
	{"text only", []sms.Template{{Name: "promo", Text: "sale"}},
		`template "promo" has no Aliyun template code: set Codes["aliyun"]`},
	{"another provider's code only", []sms.Template{{Name: "promo", Codes: map[string]string{"other": "SMS_1"}}},
		`template "promo" has no Aliyun template code`},
	{"malformed code", []sms.Template{{Name: "login_code", Codes: aliyunCode("SMS_12a")}},
		`template "login_code": Codes["aliyun"] is "SMS_12a", not "SMS_" and digits`},
	{"lower-case code", []sms.Template{{Name: "login_code", Codes: aliyunCode("sms_1")}}, `not "SMS_" and digits`},
	{"malformed text", []sms.Template{{Name: "login_code", Text: "code ${code", Codes: aliyunCode("SMS_1")}},
		`template "login_code" at byte 5: unclosed "${"`},
	{"empty name", []sms.Template{{Codes: aliyunCode("SMS_1")}}, "template 1: Template.Name is empty"},
	{"duplicate name", []sms.Template{{Name: "a", Codes: aliyunCode("SMS_1")}, {Name: "a", Codes: aliyunCode("SMS_2")}},
		`template "a": two templates have this name`},
}

func TestNewChecksTemplates(t *testing.T) {
	for _, tt := range templateCases {
		t.Run(tt.name, func(t *testing.T) {
			s, err := aliyun.New(aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret, Templates: tt.ts})
			if tt.want == "" {
				require.NoError(t, err)
				require.NotNil(t, s)
				for _, tpl := range tt.ts {
					assert.NoError(t, s.CheckTemplate(tpl), "a Sender serves its own templates")
				}
				return
			}
			assert.Nil(t, s)
			requireSMSError(t, err, sms.InvalidArgument, true)
			assert.Contains(t, err.Error(), tt.want)

			if len(tt.ts) == 1 { // CheckTemplate applies the same rule
				s, err := aliyun.New(aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret})
				require.NoError(t, err)
				err = s.CheckTemplate(tt.ts[0])
				requireSMSError(t, err, sms.InvalidArgument, true)
				assert.Contains(t, err.Error(), tt.want)
			}
		})
	}
}

func TestNewTemplateKey(t *testing.T) {
	login := sms.Template{Name: "login_code", Codes: map[string]string{"aliyun": "SMS_1", "aliyun-backup": "SMS_2"}}
	_, err := aliyun.New(aliyun.Options{TemplateKey: "aliyun-backup", Templates: []sms.Template{login, {Name: "promo", Codes: aliyunCode("SMS_3")}}})
	assert.ErrorContains(t, err, `template "promo" has no Aliyun template code: set Codes["aliyun-backup"]`)
	s, err := aliyun.New(aliyun.Options{TemplateKey: "aliyun-backup", Templates: []sms.Template{login}})
	require.NoError(t, err)
	assert.NoError(t, s.CheckTemplate(login))
}

func TestCheckTemplate(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	s := newSender(t, srv, nil) // declares login_code and notify without signs
	tests := []struct {
		name string
		t    sms.Template
		want string
	}{
		{"declared", sms.Template{Name: "login_code", Text: "any ${text}", Codes: aliyunCode(aliyuntest.DefaultTemplateCode)}, ""},
		{"a code as the name", sms.Template{Name: "SMS_123", Codes: aliyunCode("SMS_123")}, ""},
		{"no code", sms.Template{Name: "login_code"}, `template "login_code" has no Aliyun template code`},
		{"not declared", sms.Template{Name: "welcome", Codes: aliyunCode("SMS_1")},
			`template "welcome" is not in this Sender's Options.Templates: pass it to aliyun.New too`},
		{"a code as the name, with a sign", sms.Template{Name: "SMS_123", Codes: aliyunCode("SMS_123"),
			Signs: map[string]string{"aliyun": "smskit"}}, `template "SMS_123" is not in this Sender's Options.Templates`},
		{"another code", sms.Template{Name: "login_code", Codes: aliyunCode("SMS_1")},
			`template "login_code" has Aliyun code "SMS_1" but this Sender's Options.Templates declares "` + aliyuntest.DefaultTemplateCode + `"`},
		{"another sign", sms.Template{Name: "login_code", Codes: aliyunCode(aliyuntest.DefaultTemplateCode),
			Signs: map[string]string{"aliyun": "smskit"}}, `template "login_code" has another Aliyun sign`},
		{"empty name", sms.Template{Codes: aliyunCode("SMS_1")}, "Template.Name is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.CheckTemplate(tt.t)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			requireSMSError(t, err, sms.InvalidArgument, true)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestTemplateSign(t *testing.T) {
	const sign = "smskit"
	srv := newEmulator(t, aliyuntest.Options{Signs: []string{aliyuntest.DefaultSignName, sign}})
	s := newSender(t, srv, func(o *aliyun.Options) {
		o.Templates = append(o.Templates, sms.Template{Name: "signed", Codes: aliyunCode(aliyuntest.DefaultTemplateCode),
			Signs: map[string]string{"aliyun": sign}})
	})
	tests := []struct {
		name, template, msgSign, want string
	}{
		{"template sign replaces SignName", "signed", "", sign},
		{"message sign wins", "signed", aliyuntest.DefaultSignName, aliyuntest.DefaultSignName},
		{"no template sign: SignName", "login_code", "", aliyuntest.DefaultSignName},
		{"undeclared name is the code, with SignName", aliyuntest.DefaultTemplateCode, "", aliyuntest.DefaultSignName},
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
