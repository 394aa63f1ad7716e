package inbox

import (
	"net/http"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dypnsapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twilio/twilio-go/client"
	verifyapi "github.com/twilio/twilio-go/rest/verify/v2"

	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

func TestVerificationSendsReachTheInbox(t *testing.T) {
	s := start(t, Config{})

	dc, err := dypnsapi.NewClientWithAccessKey("cn-hangzhou", aliyuntest.TestAccessKeyID, aliyuntest.TestAccessKeySecret)
	require.NoError(t, err)
	t.Cleanup(dc.Shutdown)
	req := dypnsapi.CreateSendSmsVerifyCodeRequest()
	req.Domain, req.Scheme = host(s), "http"
	req.PhoneNumber = "13800138000"
	req.SignName = aliyuntest.DefaultSignName
	req.TemplateCode = aliyuntest.DefaultTemplateCode
	req.TemplateParam = `{"code":"##code##"}`
	req.ReturnVerifyCode = requests.NewBoolean(true)
	resp, err := dc.SendSmsVerifyCode(req)
	require.NoError(t, err)
	require.Equal(t, "OK", resp.Code, resp.Message)
	var code Code
	require.Equal(t, 200, call(t, s, "GET", "/api/v1/numbers/13800138000/code", "", &code))
	assert.Equal(t, resp.Model.VerifyCode, code.Code, "Dypnsapi's generated code")

	c := &client.Client{
		Credentials: client.NewCredentials(twiliotest.TestAccountSID, twiliotest.TestAuthToken),
		HTTPClient:  &http.Client{Transport: toHost(host(s))},
	}
	c.SetAccountSid(twiliotest.TestAccountSID)
	api := verifyapi.NewApiServiceWithClient(c)
	p := &verifyapi.CreateVerificationParams{}
	p.SetTo("+14155552671")
	p.SetChannel("sms")
	_, err = api.CreateVerification(twiliotest.TestVerifyServiceSID, p)
	require.NoError(t, err)
	want, ok := s.Twilio().LastVerifyCode("+14155552671")
	require.True(t, ok)
	require.Equal(t, 200, call(t, s, "GET", "/api/v1/numbers/%2B14155552671/code", "", &code))
	assert.Equal(t, want, code.Code, "Twilio Verify's code")
	var m Message
	require.Equal(t, 200, call(t, s, "GET", "/api/v1/numbers/%2B14155552671/latest", "", &m))
	assert.Equal(t, StatusDelivered, m.Status)
	assert.Equal(t, 409, call(t, s, "POST", "/api/v1/messages/"+m.ID+"/receipt", `{"status":"failed"}`, nil), "Verify sends have no receipt")

	require.NoError(t, s.SetChaos(Chaos{Probability: map[string]float64{ChaosThrottling: 100}}))
	_, err = api.CreateVerification(twiliotest.TestVerifyServiceSID, p)
	assert.Error(t, err, "chaos applies to Verify sends")
	req.PhoneNumber = "13900139000"
	_, err = dc.SendSmsVerifyCode(req)
	assert.Error(t, err, "and to Dypnsapi sends")
}
