package twiliotest_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twilio/twilio-go/client"
	verifyapi "github.com/twilio/twilio-go/rest/verify/v2"

	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

const verifyTo = "+14155552671"

// newVerifyAPI returns the unmodified twilio-go Verify v2 API pointed at srv.
func newVerifyAPI(srv *twiliotest.Server, sid, token string) *verifyapi.ApiService {
	c := &client.Client{Credentials: client.NewCredentials(sid, token), HTTPClient: srv.Client()}
	c.SetAccountSid(sid)
	return verifyapi.NewApiServiceWithClient(c)
}

func startParams(to, custom string) *verifyapi.CreateVerificationParams {
	p := &verifyapi.CreateVerificationParams{}
	p.SetTo(to)
	p.SetChannel("sms")
	if custom != "" {
		p.SetCustomCode(custom)
	}
	return p
}

func checkParams(to, code string) *verifyapi.CreateVerificationCheckParams {
	p := &verifyapi.CreateVerificationCheckParams{}
	p.SetTo(to)
	p.SetCode(code)
	return p
}

func TestVerifyRoundTrip(t *testing.T) {
	clk := testclock.New(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := newServer(t, twiliotest.Options{Now: clk.Now})
	api := newVerifyAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)

	v, err := api.CreateVerification(twiliotest.TestVerifyServiceSID, startParams(verifyTo, ""))
	require.NoError(t, err)
	assert.Regexp(t, `^VE[0-9a-f]{32}$`, *v.Sid)
	assert.Equal(t, "pending", *v.Status)
	assert.Equal(t, verifyTo, *v.To)
	assert.Equal(t, twiliotest.TestVerifyServiceSID, *v.ServiceSid)
	assert.Equal(t, clk.Now(), *v.DateCreated)
	require.NotNil(t, v.SendCodeAttempts)
	assert.Len(t, *v.SendCodeAttempts, 1)

	code, ok := srv.LastVerifyCode(verifyTo)
	require.True(t, ok)
	assert.Regexp(t, `^[0-9]{6}$`, code)
	msgs := srv.MessagesTo(verifyTo)
	require.Len(t, msgs, 1)
	assert.Equal(t, "Your Test verification code is: "+code, msgs[0].Body)

	fetched, err := api.FetchVerification(twiliotest.TestVerifyServiceSID, *v.Sid)
	require.NoError(t, err)
	assert.Equal(t, "pending", *fetched.Status)

	wrong := "000000"
	if code == wrong {
		wrong = "999999"
	}
	chk, err := api.CreateVerificationCheck(twiliotest.TestVerifyServiceSID, checkParams(verifyTo, wrong))
	require.NoError(t, err)
	assert.Equal(t, "pending", *chk.Status)
	assert.False(t, *chk.Valid)

	byID := &verifyapi.CreateVerificationCheckParams{}
	byID.SetVerificationSid(*v.Sid)
	byID.SetCode(code)
	chk, err = api.CreateVerificationCheck(twiliotest.TestVerifyServiceSID, byID)
	require.NoError(t, err)
	assert.Equal(t, "approved", *chk.Status)
	assert.True(t, *chk.Valid)

	_, err = api.CreateVerificationCheck(twiliotest.TestVerifyServiceSID, checkParams(verifyTo, code))
	rest := restError(t, err)
	assert.Equal(t, 20404, rest.Code, "approved verifications are gone")
	assert.Equal(t, http.StatusNotFound, rest.Status)
	_, err = api.FetchVerification(twiliotest.TestVerifyServiceSID, *v.Sid)
	assert.Equal(t, 20404, restError(t, err).Code)
}

func TestVerifyLimits(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	api := newVerifyAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	var sid string
	for i := range twiliotest.VerifyMaxSends {
		v, err := api.CreateVerification(twiliotest.TestVerifyServiceSID, startParams(verifyTo, ""))
		require.NoError(t, err, "send %d", i+1)
		if i == 0 {
			sid = *v.Sid
		}
		assert.Equal(t, sid, *v.Sid, "the same verification")
		assert.Len(t, *v.SendCodeAttempts, i+1)
	}
	_, err := api.CreateVerification(twiliotest.TestVerifyServiceSID, startParams(verifyTo, ""))
	rest := restError(t, err)
	assert.Equal(t, 60203, rest.Code)
	assert.Equal(t, http.StatusTooManyRequests, rest.Status)
	assert.Len(t, srv.MessagesTo(verifyTo), twiliotest.VerifyMaxSends)

	for i := range twiliotest.VerifyMaxChecks {
		chk, err := api.CreateVerificationCheck(twiliotest.TestVerifyServiceSID, checkParams(verifyTo, "abcd"))
		require.NoError(t, err, "check %d", i+1)
		assert.Equal(t, "pending", *chk.Status)
	}
	code, _ := srv.LastVerifyCode(verifyTo)
	_, err = api.CreateVerificationCheck(twiliotest.TestVerifyServiceSID, checkParams(verifyTo, code))
	rest = restError(t, err)
	assert.Equal(t, 60202, rest.Code, "the sixth check, right code or not")
	assert.Equal(t, http.StatusTooManyRequests, rest.Status)
	fetched, err := api.FetchVerification(twiliotest.TestVerifyServiceSID, sid)
	require.NoError(t, err)
	assert.Equal(t, "max_attempts_reached", *fetched.Status)

	v, err := api.CreateVerification(twiliotest.TestVerifyServiceSID, startParams(verifyTo, ""))
	require.NoError(t, err, "max attempts ends the verification: a new one starts")
	assert.NotEqual(t, sid, *v.Sid)
}

func TestVerifyExpiry(t *testing.T) {
	clk := testclock.New(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := newServer(t, twiliotest.Options{Now: clk.Now, VerifyValidFor: 2 * time.Minute})
	api := newVerifyAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	v, err := api.CreateVerification(twiliotest.TestVerifyServiceSID, startParams(verifyTo, "1234"))
	require.NoError(t, err)
	clk.Advance(time.Minute)
	again, err := api.CreateVerification(twiliotest.TestVerifyServiceSID, startParams(verifyTo, ""))
	require.NoError(t, err)
	assert.Equal(t, *v.Sid, *again.Sid)
	code, _ := srv.LastVerifyCode(verifyTo)
	assert.Equal(t, "1234", code, "the same code is sent again while valid")

	clk.Advance(time.Minute) // 2 minutes from the start, not from the resend
	_, err = api.CreateVerificationCheck(twiliotest.TestVerifyServiceSID, checkParams(verifyTo, "1234"))
	assert.Equal(t, 20404, restError(t, err).Code)
	fresh, err := api.CreateVerification(twiliotest.TestVerifyServiceSID, startParams(verifyTo, ""))
	require.NoError(t, err)
	assert.NotEqual(t, *v.Sid, *fresh.Sid)
	code, _ = srv.LastVerifyCode(verifyTo)
	assert.NotEqual(t, "1234", code)
}

func TestVerifyServices(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	api := newVerifyAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	p := &verifyapi.CreateServiceParams{}
	p.SetFriendlyName("Acme")
	p.SetCodeLength(8)
	svc, err := api.CreateService(p)
	require.NoError(t, err)
	assert.Regexp(t, `^VA[0-9a-f]{32}$`, *svc.Sid)
	assert.Equal(t, 8, svc.CodeLength)
	got, err := api.FetchService(*svc.Sid)
	require.NoError(t, err)
	assert.Equal(t, "Acme", *got.FriendlyName)

	_, err = api.CreateVerification(*svc.Sid, startParams(verifyTo, ""))
	require.NoError(t, err)
	code, _ := srv.LastVerifyCode(verifyTo)
	assert.Len(t, code, 8, "the service's code length")
	assert.Contains(t, srv.MessagesTo(verifyTo)[0].Body, "Your Acme verification code is: ")

	for _, length := range []int{3, 11} {
		bad := &verifyapi.CreateServiceParams{}
		bad.SetFriendlyName("Bad")
		bad.SetCodeLength(length)
		_, err = api.CreateService(bad)
		assert.Equal(t, 60200, restError(t, err).Code, "CodeLength %d", length)
	}
	_, err = api.CreateService(&verifyapi.CreateServiceParams{})
	assert.Equal(t, 60200, restError(t, err).Code, "FriendlyName is required")

	other := map[string]string{"AC00000000000000000000000000000002": "fedcba9876543210fedcba9876543210"}
	other[twiliotest.TestAccountSID] = twiliotest.TestAuthToken
	srv2 := newServer(t, twiliotest.Options{Accounts: other})
	api1 := newVerifyAPI(srv2, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	api2 := newVerifyAPI(srv2, "AC00000000000000000000000000000002", "fedcba9876543210fedcba9876543210")
	mine, err := api1.CreateService(p)
	require.NoError(t, err)
	_, err = api2.FetchService(*mine.Sid)
	assert.Equal(t, 20404, restError(t, err).Code, "another account's service")
	_, err = api2.FetchService(twiliotest.TestVerifyServiceSID)
	assert.NoError(t, err, "preconfigured services are every account's")
	_, err = api.FetchService("VA0000000000000000000000000000dead")
	assert.Equal(t, 20404, restError(t, err).Code)
}

func TestVerifyRefusals(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	api := newVerifyAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	sid := twiliotest.TestVerifyServiceSID
	noChannel := &verifyapi.CreateVerificationParams{}
	noChannel.SetTo(verifyTo)
	badIP := startParams(verifyTo, "")
	badIP.SetDeviceIp("not-an-ip")
	tests := []struct {
		name   string
		params *verifyapi.CreateVerificationParams
	}{
		{"bad number", startParams("4155552671", "")},
		{"no channel", noChannel},
		{"short custom code", startParams(verifyTo, "123")},
		{"long custom code", startParams(verifyTo, "12345678901")},
		{"bad device ip", badIP},
	}
	for _, tt := range tests {
		_, err := api.CreateVerification(sid, tt.params)
		rest := restError(t, err)
		assert.Equal(t, 60200, rest.Code, tt.name)
		assert.Equal(t, http.StatusBadRequest, rest.Status, tt.name)
	}
	_, err := api.CreateVerificationCheck(sid, &verifyapi.CreateVerificationCheckParams{Code: ptr("1234")})
	assert.Equal(t, 60200, restError(t, err).Code, "To or VerificationSid")
	_, err = api.CreateVerificationCheck(sid, checkParams(verifyTo, "1234"))
	assert.Equal(t, 20404, restError(t, err).Code, "nothing pending")
	_, err = api.CreateVerification("VA0000000000000000000000000000dead", startParams(verifyTo, ""))
	assert.Equal(t, 20404, restError(t, err).Code)

	bad := newVerifyAPI(srv, twiliotest.TestAccountSID, "ffffffffffffffffffffffffffffffff")
	_, err = bad.CreateVerification(sid, startParams(verifyTo, ""))
	assert.Equal(t, 20003, restError(t, err).Code)
	_, ok := srv.LastVerifyCode(verifyTo)
	assert.False(t, ok, "nothing was sent")

	// The wire: a GET on the create path is 405, as for messages.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v2/Services/"+sid+"/Verifications", nil)
	req.SetBasicAuth(twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

func TestVerifyAnswersNeverHoldTheCode(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	form := url.Values{"To": {verifyTo}, "Channel": {"sms"}, "CustomCode": {"8642"}}
	for _, path := range []string{"/Verifications", "/VerificationCheck"} {
		if path == "/VerificationCheck" {
			form = url.Values{"To": {verifyTo}, "Code": {"7777"}}
		}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v2/Services/"+twiliotest.TestVerifyServiceSID+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(twiliotest.TestAccountSID, twiliotest.TestAuthToken)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var body strings.Builder
		_, _ = io.Copy(&body, resp.Body)
		resp.Body.Close()
		assert.NotContains(t, body.String(), "8642", path)
		assert.NotContains(t, body.String(), "7777", path)
	}
}

func TestVerifyReset(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	api := newVerifyAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	_, err := api.CreateVerification(twiliotest.TestVerifyServiceSID, startParams(verifyTo, ""))
	require.NoError(t, err)
	srv.Reset()
	_, ok := srv.LastVerifyCode(verifyTo)
	assert.False(t, ok)
	_, err = api.CreateVerificationCheck(twiliotest.TestVerifyServiceSID, checkParams(verifyTo, "123456"))
	assert.Equal(t, 20404, restError(t, err).Code)
}

func ptr[T any](v T) *T { return &v }
