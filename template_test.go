package sms_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

func TestTemplateRender(t *testing.T) {
	tests := []struct {
		name, text string
		params     map[string]string
		want       string
		vars       []string
	}{
		{"plain", "hello", nil, "hello", nil},
		{"one", "code ${code}.", map[string]string{"code": "1234"}, "code 1234.", []string{"code"}},
		{"repeated and adjacent", "${a}${b}${a}", map[string]string{"a": "x", "b": "张三🎉"}, "x张三🎉x", []string{"a", "b"}},
		{"extra params ignored", "${a}", map[string]string{"a": "1", "b": "2"}, "1", []string{"a"}},
		{"dollar without brace", "$5 for ${item}", map[string]string{"item": "tea"}, "$5 for tea", []string{"item"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := sms.Template{Name: "t", Text: tt.text}
			got, err := tpl.Render(tt.params)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			vars, err := tpl.Vars()
			require.NoError(t, err)
			assert.Equal(t, tt.vars, vars)
		})
	}
}

func TestTemplateErrors(t *testing.T) {
	_, err := sms.Template{Name: "t", Text: "code ${code}"}.Render(map[string]string{"other": "1"})
	assert.ErrorIs(t, err, sms.ErrMissingParam)
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	assert.Contains(t, err.Error(), `needs param "code"`)

	for text, want := range map[string]string{
		"a ${code":      `sms: template "t" at byte 2: unclosed "${"`,
		"${a} and ${ }": `sms: template "t" at byte 9: empty placeholder name`,
	} {
		_, err := sms.Template{Name: "t", Text: text}.Vars()
		var pe *sms.ParseError
		require.ErrorAs(t, err, &pe, text)
		assert.Equal(t, want, err.Error())
		_, err = sms.Template{Name: "t", Text: text}.Render(nil)
		assert.ErrorAs(t, err, &pe)
	}
}

func ExampleTemplate_Render() {
	login := sms.Template{Name: "login_code", Text: "Your login code is ${code}."}
	text, err := login.Render(map[string]string{"code": "482915"})
	fmt.Println(text, err)
	// Output: Your login code is 482915. <nil>
}

func TestIndexTemplates(t *testing.T) {
	login := sms.Template{Name: "login_code", Kind: sms.KindVerification, Text: "code ${code}"}
	promo := sms.Template{Name: "promo", Kind: sms.KindPromotion, Codes: map[string]string{"aliyun": "SMS_1"}}
	tests := []struct {
		name string
		ts   []sms.Template
		want map[string]sms.Template
		err  string
	}{
		{"none", nil, map[string]sms.Template{}, ""},
		{"two", []sms.Template{login, promo}, map[string]sms.Template{"login_code": login, "promo": promo}, ""},
		{"empty name", []sms.Template{login, {Text: "x"}}, nil, "sms: invalid options: template 2: Template.Name is empty"},
		{"blank name", []sms.Template{{Name: " \t"}}, nil, "template 1: Template.Name is empty"},
		{"duplicate", []sms.Template{login, promo, login}, nil, `template "login_code": two templates have this name`},
		{"no kind", []sms.Template{{Name: "x", Text: "y"}}, nil, `template "x": Template.Kind is unspecified`},
		{"unknown kind", []sms.Template{{Name: "x", Kind: 9}}, nil, `Template.Kind is kind(9)`},
		{"long name", []sms.Template{{Name: strings.Repeat("n", 129), Kind: sms.KindNotification}}, nil, "at most 128 printable characters"},
		{"control in name", []sms.Template{{Name: "a\nb", Kind: sms.KindNotification}}, nil, "printable"},
		{"malformed text", []sms.Template{{Name: "x", Kind: sms.KindNotification, Text: "${"}}, nil, `unclosed "${"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sms.IndexTemplates(tt.ts)
			if tt.err != "" {
				require.Error(t, err)
				assert.Nil(t, got)
				assert.ErrorIs(t, err, sms.ErrInvalidOptions)
				assert.NotContains(t, err.Error(), "accepted")
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
