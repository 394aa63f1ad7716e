package aliyuntest

import (
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dypnsapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newDypnsSDK returns a fresh official Dypnsapi client.
func newDypnsSDK(t testing.TB) *dypnsapi.Client {
	t.Helper()
	client, err := dypnsapi.NewClientWithAccessKey("cn-hangzhou", TestAccessKeyID, TestAccessKeySecret)
	require.NoError(t, err)
	t.Cleanup(client.Shutdown)
	return client
}

// sdkSendCode builds a SendSmsVerifyCode request aimed at srv, with
// change applied.
func sdkSendCode(srv *Server, change func(*dypnsapi.SendSmsVerifyCodeRequest)) *dypnsapi.SendSmsVerifyCodeRequest {
	req := dypnsapi.CreateSendSmsVerifyCodeRequest()
	req.Domain, req.Scheme = srv.Host, "http"
	req.PhoneNumber = "13800138000"
	req.SignName = DefaultSignName
	req.TemplateCode = DefaultTemplateCode
	req.TemplateParam = `{"code":"##code##"}`
	req.ReturnVerifyCode = requests.NewBoolean(true)
	if change != nil {
		change(req)
	}
	return req
}

// sdkCheckCode checks code for 13800138000 at srv, with change applied.
func sdkCheckCode(t *testing.T, client *dypnsapi.Client, srv *Server, code string,
	change func(*dypnsapi.CheckSmsVerifyCodeRequest)) string {
	t.Helper()
	req := dypnsapi.CreateCheckSmsVerifyCodeRequest()
	req.Domain, req.Scheme = srv.Host, "http"
	req.PhoneNumber = "13800138000"
	req.VerifyCode = code
	if change != nil {
		change(req)
	}
	resp, err := client.CheckSmsVerifyCode(req)
	require.NoError(t, err)
	require.Equal(t, "OK", resp.Code)
	return resp.Model.VerifyResult
}

func TestSDKSendSmsVerifyCode(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*dypnsapi.SendSmsVerifyCodeRequest)
		pattern string // of the code
	}{
		{"defaults: 4 digits", nil, `^[0-9]{4}$`},
		{"8 digits", func(r *dypnsapi.SendSmsVerifyCodeRequest) { r.CodeLength = "8" }, `^[0-9]{8}$`},
		{"upper case", func(r *dypnsapi.SendSmsVerifyCodeRequest) { r.CodeType = "2" }, `^[A-Z]{4}$`},
		{"lower case", func(r *dypnsapi.SendSmsVerifyCodeRequest) { r.CodeType = "3" }, `^[a-z]{4}$`},
		{"digits and both cases", func(r *dypnsapi.SendSmsVerifyCodeRequest) { r.CodeType = "7"; r.CodeLength = "6" },
			`^[0-9A-Za-z]{6}$`},
	}
	for _, format := range []string{"JSON", "XML"} {
		for _, tt := range tests {
			t.Run(format+" "+tt.name, func(t *testing.T) {
				srv, _ := realClockServer(t, Options{})
				client := newDypnsSDK(t)
				req := sdkSendCode(srv, tt.change)
				req.AcceptFormat = format
				req.OutId = "login"
				resp, err := client.SendSmsVerifyCode(req)
				require.NoError(t, err)
				require.Equal(t, "OK", resp.Code, resp.Message)
				assert.True(t, resp.Success)
				assert.Regexp(t, bizIDPattern, resp.Model.BizId)
				assert.Equal(t, "login", resp.Model.OutId)
				code := resp.Model.VerifyCode
				assert.Regexp(t, tt.pattern, code)
				last, ok := srv.LastVerifyCode("+8613800138000")
				assert.True(t, ok)
				assert.Equal(t, code, last)
				msg, ok := srv.LastMessageTo("13800138000")
				require.True(t, ok)
				assert.Equal(t, "SendSmsVerifyCode", msg.Action)
				assert.Equal(t, code, msg.VerifyCode)
				assert.Equal(t, resp.Model.BizId, msg.BizID)
				assert.Contains(t, msg.Content, "体验验证码是："+code+"，")
			})
		}
	}
}

func TestSDKCheckSmsVerifyCode(t *testing.T) {
	srv, clock := realClockServer(t, Options{})
	client := newDypnsSDK(t)
	resp, err := client.SendSmsVerifyCode(sdkSendCode(srv, func(r *dypnsapi.SendSmsVerifyCodeRequest) {
		r.SchemeName, r.OutId, r.ValidTime, r.CodeType = "方案", "reset", "120", "2"
	}))
	require.NoError(t, err)
	code := resp.Model.VerifyCode
	scheme := func(r *dypnsapi.CheckSmsVerifyCodeRequest) { r.SchemeName, r.OutId = "方案", "reset" }

	assert.Equal(t, VerifyUnknown, sdkCheckCode(t, client, srv, code, nil), "another scheme and OutId")
	assert.Equal(t, VerifyUnknown, sdkCheckCode(t, client, srv, "ZZZZ"+code, scheme))
	lower := func(r *dypnsapi.CheckSmsVerifyCodeRequest) { scheme(r); r.CaseAuthPolicy = "1" }
	assert.Equal(t, VerifyUnknown, sdkCheckCode(t, client, srv, toLower(code), lower), "case counts")
	caseless := func(r *dypnsapi.CheckSmsVerifyCodeRequest) { scheme(r); r.CaseAuthPolicy = "2" }
	clock.Advance(119 * time.Second)
	assert.Equal(t, VerifyPass, sdkCheckCode(t, client, srv, toLower(code), caseless))
	assert.Equal(t, VerifyUnknown, sdkCheckCode(t, client, srv, code, scheme), "used")
}

func toLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func TestVerifyCodeExpiryIntervalAndPolicy(t *testing.T) {
	tests := []struct {
		name      string
		policy    string
		advance   time.Duration // between the two sends
		wantFirst string
	}{
		{"policy 1: the new code replaces the old", "1", time.Minute, VerifyUnknown},
		{"policy 2: both are valid", "2", time.Minute, VerifyPass},
		{"policy 2: the first expired", "2", 300 * time.Second, VerifyUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, clock := realClockServer(t, Options{})
			client := newDypnsSDK(t)
			policy := func(r *dypnsapi.SendSmsVerifyCodeRequest) { r.DuplicatePolicy = requests.Integer(tt.policy) }
			resp, err := client.SendSmsVerifyCode(sdkSendCode(srv, policy))
			require.NoError(t, err)
			first := resp.Model.VerifyCode

			clock.Advance(time.Minute - time.Second)
			resp, err = client.SendSmsVerifyCode(sdkSendCode(srv, policy))
			require.NoError(t, err)
			assert.Equal(t, "biz.FREQUENCY", resp.Code)
			assert.False(t, resp.Success)
			assert.Empty(t, resp.Model.VerifyCode)

			clock.Advance(tt.advance - time.Minute + time.Second)
			resp, err = client.SendSmsVerifyCode(sdkSendCode(srv, policy))
			require.NoError(t, err)
			require.Equal(t, "OK", resp.Code)
			second := resp.Model.VerifyCode
			if first == second {
				t.Skip("the same code was drawn twice")
			}
			assert.Equal(t, tt.wantFirst, sdkCheckCode(t, client, srv, first, nil))
			// A pass consumes the verification, every code of it.
			wantSecond := VerifyPass
			if tt.wantFirst == VerifyPass {
				wantSecond = VerifyUnknown
			}
			assert.Equal(t, wantSecond, sdkCheckCode(t, client, srv, second, nil))
			assert.Len(t, srv.MessagesTo("13800138000"), 2)
		})
	}
}

func TestVerifyCodeRefusals(t *testing.T) {
	tests := []struct {
		name   string
		change func(*dypnsapi.SendSmsVerifyCodeRequest)
		code   string
	}{
		{"code too long", func(r *dypnsapi.SendSmsVerifyCodeRequest) { r.CodeLength = "9" }, "isv.INVALID_PARAMETERS"},
		{"code type", func(r *dypnsapi.SendSmsVerifyCodeRequest) { r.CodeType = "8" }, "isv.INVALID_PARAMETERS"},
		{"policy", func(r *dypnsapi.SendSmsVerifyCodeRequest) { r.DuplicatePolicy = "3" }, "isv.INVALID_PARAMETERS"},
		{"country", func(r *dypnsapi.SendSmsVerifyCodeRequest) { r.CountryCode = "852"; r.PhoneNumber = "91234567" },
			"isv.INVALID_PARAMETERS"},
		{"not mainland", func(r *dypnsapi.SendSmsVerifyCodeRequest) { r.PhoneNumber = "85291234567" },
			"isv.MOBILE_NUMBER_ILLEGAL"},
		{"sign", func(r *dypnsapi.SendSmsVerifyCodeRequest) { r.SignName = "别的签名" }, "isv.SMS_SIGNATURE_ILLEGAL"},
		{"template", func(r *dypnsapi.SendSmsVerifyCodeRequest) { r.TemplateCode = "SMS_1" }, "isv.SMS_TEMPLATE_ILLEGAL"},
		{"missing variable", func(r *dypnsapi.SendSmsVerifyCodeRequest) { r.TemplateParam = `{"x":"##code##"}` },
			"isv.TEMPLATE_MISSING_PARAMETERS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := realClockServer(t, Options{})
			resp, err := newDypnsSDK(t).SendSmsVerifyCode(sdkSendCode(srv, tt.change))
			require.NoError(t, err)
			assert.Equal(t, tt.code, resp.Code)
			_, sent := srv.LastVerifyCode("13800138000")
			assert.False(t, sent)
			assert.Empty(t, srv.Messages())
		})
	}
}

// TestLiteralCodeIsNotKept: a TemplateParam without the placeholder is sent
// as it is, and nothing is kept to verify, as Aliyun documents.
func TestLiteralCodeIsNotKept(t *testing.T) {
	srv, _ := realClockServer(t, Options{})
	client := newDypnsSDK(t)
	resp, err := client.SendSmsVerifyCode(sdkSendCode(srv, func(r *dypnsapi.SendSmsVerifyCodeRequest) {
		r.TemplateParam = `{"code":"1234"}`
	}))
	require.NoError(t, err)
	require.Equal(t, "OK", resp.Code)
	assert.Empty(t, resp.Model.VerifyCode)
	_, ok := srv.LastVerifyCode("13800138000")
	assert.False(t, ok)
	msg, _ := srv.LastMessageTo("13800138000")
	assert.Equal(t, "1234", msg.Params["code"])
	assert.Equal(t, VerifyUnknown, sdkCheckCode(t, client, srv, "1234", nil))
}

func TestResetForgetsCodes(t *testing.T) {
	srv, _ := realClockServer(t, Options{})
	client := newDypnsSDK(t)
	resp, err := client.SendSmsVerifyCode(sdkSendCode(srv, nil))
	require.NoError(t, err)
	srv.Reset()
	_, ok := srv.LastVerifyCode("13800138000")
	assert.False(t, ok)
	assert.Equal(t, VerifyUnknown, sdkCheckCode(t, client, srv, resp.Model.VerifyCode, nil))
}
