package twilio_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

func TestNewChecksTemplates(t *testing.T) {
	const v = sms.KindVerification
	tests := []struct {
		name string
		ts   []sms.Template
		want string // a substring of New's error; "" means New accepts ts
	}{
		{"none", nil, ""},
		{"text only", []sms.Template{{Name: "login_code", Kind: v, Text: loginText}}, ""},
		{"text, codes and signs", []sms.Template{{Name: "login_code", Kind: v, Text: loginText,
			Codes: map[string]string{"aliyun": "SMS_1"}, Signs: map[string]string{"aliyun": "签名", "twilio": "SMSKIT"}}}, ""},
		{"no text", []sms.Template{{Name: "login_code", Kind: v, Codes: map[string]string{"aliyun": "SMS_1"}}},
			`template "login_code" has no Text, which twilio sends`},
		{"no kind", []sms.Template{{Name: "login_code", Text: loginText}}, `template "login_code": Template.Kind is unspecified`},
		{"unclosed placeholder", []sms.Template{{Name: "login", Kind: v, Text: "code ${code"}}, `template "login" at byte 5: unclosed "${"`},
		{"empty placeholder", []sms.Template{{Name: "login", Kind: v, Text: "code ${}"}}, `template "login" at byte 5: empty placeholder name`},
		{"control character in sign", []sms.Template{{Name: "login", Kind: v, Text: "x", Signs: map[string]string{"twilio": "A\nB"}}},
			`template "login": Signs["twilio"] must be a sender of at most 128 characters without control characters`},
		{"empty name", []sms.Template{{Kind: v, Text: "x"}}, "template 1: Template.Name is empty"},
		{"duplicate name", []sms.Template{{Name: "a", Kind: v, Text: "x"}, {Name: "a", Kind: v, Text: "y"}}, `template "a": two templates have this name`},
	}
	srv := newServer(t, twiliotest.Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := baseOptions(srv)
			opts.Templates = tt.ts
			s, err := twilio.New(opts)
			if tt.want == "" {
				require.NoError(t, err)
				for _, tpl := range tt.ts {
					assert.NoError(t, s.CheckTemplate(tpl), "a Sender serves its own templates")
				}
				return
			}
			assert.Nil(t, s)
			require.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), "sms: twilio: invalid options: ")
			assert.Contains(t, err.Error(), tt.want)

			if len(tt.ts) == 1 { // CheckTemplate applies the same rule
				err := newSender(t, baseOptions(srv)).CheckTemplate(tt.ts[0])
				require.ErrorIs(t, err, sms.ErrInvalidOptions)
				assert.Contains(t, err.Error(), tt.want)
			}
		})
	}
}

func TestCheckTemplate(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	var checker sms.TemplateChecker = newSender(t, baseOptions(srv)) // declares login_code
	const v = sms.KindVerification
	tests := []struct {
		name string
		t    sms.Template
		want string
	}{
		{"declared", sms.Template{Name: "login_code", Kind: v, Text: loginText, Codes: map[string]string{"aliyun": "SMS_1"}}, ""},
		{"no text", sms.Template{Name: "login_code", Kind: v, Codes: map[string]string{"aliyun": "SMS_1"}}, `template "login_code" has no Text`},
		{"malformed", sms.Template{Name: "b", Kind: v, Text: "${x"}, `template "b" at byte 0: unclosed "${"`},
		{"not declared", sms.Template{Name: "promo", Kind: sms.KindPromotion, Text: "sale"},
			`template "promo" is not among this sender's declared templates`},
		{"another kind", sms.Template{Name: "login_code", Kind: sms.KindNotification, Text: loginText}, `declared here as verification`},
		{"another text", sms.Template{Name: "login_code", Kind: v, Text: "Code: ${code}"}, `template "login_code" is declared here with another Text`},
		{"another sign", sms.Template{Name: "login_code", Kind: v, Text: loginText, Signs: map[string]string{"twilio": "SMSKIT"}},
			`template "login_code" is declared here with another Signs["twilio"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checker.CheckTemplate(tt.t)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	var pe *sms.ParseError
	assert.ErrorAs(t, checker.CheckTemplate(sms.Template{Name: "b", Kind: v, Text: "${x"}), &pe)
}

func TestTemplateSign(t *testing.T) {
	const alpha = "SMSKIT"
	srv := newServer(t, twiliotest.Options{From: []string{twiliotest.TestFrom, alpha}})
	opts := baseOptions(srv)
	opts.Templates = append(opts.Templates, sms.Template{Name: "signed", Kind: sms.KindVerification, Text: "Code ${code}",
		Signs: map[string]string{"twilio": alpha, "twilio-eu": twiliotest.TestFrom}})
	s := newSender(t, opts)
	tests := []struct {
		name, template, sign, wantFrom, wantBody string
	}{
		{"template sign replaces From", "signed", "", alpha, "Code 1234"},
		{"message sign wins", "signed", twiliotest.TestFrom, twiliotest.TestFrom, "Code 1234"},
		{"no template sign: From", "login_code", "", twiliotest.TestFrom, "Your login code is 1234."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Send(context.Background(), sms.Message{To: recipient, Template: tt.template, Sign: tt.sign,
				Params: map[string]string{"code": "1234"}})
			require.NoError(t, err)
			m, ok := srv.Message(res.MessageID)
			require.True(t, ok)
			assert.Equal(t, tt.wantFrom, m.From)
			assert.Equal(t, tt.wantBody, m.Body)
		})
	}
}

func TestTemplateKey(t *testing.T) {
	const alpha = "SMSKIT"
	srv := newServer(t, twiliotest.Options{From: []string{twiliotest.TestFrom, alpha}})
	opts := baseOptions(srv)
	opts.From = "+15005550007" // not the account's: used only if the key's sign is not read
	opts.TemplateKey = "twilio-eu"
	opts.Templates = []sms.Template{{Name: "signed", Kind: sms.KindVerification, Text: "Code ${code}",
		Signs: map[string]string{"twilio": "+15005550001", "twilio-eu": alpha}}}
	s := newSender(t, opts)
	res, err := s.Send(context.Background(), sms.Message{To: recipient, Template: "signed", Params: map[string]string{"code": "1"}})
	require.NoError(t, err)
	m, ok := srv.Message(res.MessageID)
	require.True(t, ok)
	assert.Equal(t, alpha, m.From, "Signs[TemplateKey] is the sender")

	assert.NoError(t, s.CheckTemplate(opts.Templates[0]))
	other := opts.Templates[0]
	other.Signs = map[string]string{"twilio": "+15005550001", "twilio-eu": "OTHER"}
	assert.ErrorContains(t, s.CheckTemplate(other), `another Signs["twilio-eu"]`)
}
