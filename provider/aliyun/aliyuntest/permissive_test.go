package aliyuntest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPermissive(t *testing.T) {
	tests := []struct {
		name       string
		permissive bool
		sign, code string
		numbers    string
		want       string
	}{
		{"strict refuses an unknown sign", false, "AnySign", DefaultTemplateCode, "13800138000", "isv.SMS_SIGNATURE_ILLEGAL"},
		{"strict refuses an unknown template", false, DefaultSignName, "SMS_1", "13800138000", "isv.SMS_TEMPLATE_ILLEGAL"},
		{"permissive accepts any sign", true, "AnySign", DefaultTemplateCode, "13800138000", "OK"},
		{"permissive accepts any SMS_ template", true, "AnySign", "SMS_1", "13800138000", "OK"},
		{"international number", true, "AnySign", "SMS_2", "85291234567", "OK"},
		{"not a template code", true, "AnySign", "TPL_1", "13800138000", "isv.SMS_TEMPLATE_ILLEGAL"},
		{"configured templates keep their rules", true, "AnySign", DefaultTemplateCode, "13800138000", "isv.PARAM_LENGTH_LIMIT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := realClockServer(t, Options{Permissive: tc.permissive})
			param := `{"code":"1234","name":"Li"}`
			if tc.want == "isv.PARAM_LENGTH_LIMIT" {
				param = `{"code":"12345678"}` // too long for a verification code
			}
			req := sdkSendSms(srv, tc.numbers, param)
			req.SignName, req.TemplateCode = tc.sign, tc.code
			resp, err := newSDK(t, TestAccessKeyID, TestAccessKeySecret).SendSms(req)
			require.NoError(t, err)
			assert.Equal(t, tc.want, resp.Code)
			if tc.want == "OK" {
				m, ok := srv.LastMessageTo(tc.numbers)
				require.True(t, ok)
				assert.NotEmpty(t, m.Params["code"])
			}
		})
	}
}
