package twilioverify_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/smskit/sms/provider/twilio/twilioverify"
	"github.com/smskit/sms/verify"
)

const (
	urlAccount = "AC00000000000000000000000000000001"
	urlService = "VA00000000000000000000000000000001"
)

func TestOptionsFromURL(t *testing.T) {
	tests := []struct {
		raw  string
		want twilioverify.Options
	}{
		{"twilioverify://" + urlAccount + ":tok@default?service=" + urlService,
			twilioverify.Options{AccountSID: urlAccount, AuthToken: "tok", ServiceSID: urlService}},
		{"twilioverify://default?services=login:" + loginService + ",reset:" + resetService,
			twilioverify.Options{Services: map[string]string{"login": loginService, "reset": resetService}}},
		{"twilioverify://" + urlAccount + ":tok@127.0.0.1:9000/proxy?protocol=http&service=" + urlService +
			"&locale=zh-HK&rate_limit_key=end_user_ip&valid_for=15m&default_region=US&timeout=3s",
			twilioverify.Options{AccountSID: urlAccount, AuthToken: "tok", ServiceSID: urlService,
				Endpoint: "http://127.0.0.1:9000/proxy", Locale: "zh-HK", RateLimitKey: "end_user_ip",
				ValidFor: 15 * time.Minute, DefaultRegion: "US", Timeout: 3 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			u, err := url.Parse(tt.raw)
			require.NoError(t, err)
			o, err := twilioverify.OptionsFromURL(u)
			require.NoError(t, err)
			assert.Equal(t, tt.want, o)
		})
	}
}

// TestOpenVerifierErrors: every refusal wraps sms.ErrInvalidOptions, says
// what is wrong, and holds no secret, in the userinfo or in a value.
func TestOpenVerifierErrors(t *testing.T) {
	const secret = "Zq8Xv2Ww9Pp0KkSecret"
	base := "twilioverify://" + urlAccount + ":" + secret + "@default?"
	tests := []struct {
		name, query, want string
	}{
		{"unknown parameter", "service=" + urlService + "&from=x", `unknown parameter "from"`},
		{"secret as a parameter", "service=" + urlService + "&" + secret + "=1", "an unknown parameter"},
		{"no service", "locale=en", "service or services is required"},
		{"bad service", "service=" + secret, `ServiceSID must be "VA" and 32 hexadecimal digits`},
		{"bad services", "services=" + secret, "services is not a list of distinct purpose:VA... pairs"},
		{"duplicate purpose", "services=a:" + loginService + ",a:" + resetService, "services is not a list of distinct"},
		{"bad service of a purpose", "services=login:" + secret, `the Service of purpose "login" must be "VA"`},
		{"bad valid_for", "service=" + urlService + "&valid_for=" + secret, "valid_for is not a positive duration"},
		{"valid_for out of range", "service=" + urlService + "&valid_for=1m", "ValidFor must be between 2m0s and 24h0m0s"},
		{"bad locale", "service=" + urlService + "&locale=" + secret, "Locale must be a language tag"},
		{"bad protocol", "service=" + urlService + "&protocol=" + secret, "protocol is not https or http"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := verify.OpenVerifier(context.Background(), base+tt.query)
			require.Error(t, err)
			assert.Nil(t, v)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), secret[:8])
		})
	}
	_, err := verify.OpenVerifier(context.Background(), "twilioverify://"+urlAccount+":"+secret+"%zz@default?service="+urlService)
	require.ErrorIs(t, err, sms.ErrInvalidOptions)
	assert.NotContains(t, err.Error(), secret[:8])
}

func TestOpenVerifierCredentialsFromEnvironment(t *testing.T) {
	t.Setenv(twilioverify.EnvAccountSID, "")
	t.Setenv(twilioverify.EnvAuthToken, "")
	_, err := verify.OpenVerifier(context.Background(), "twilioverify://default?service="+urlService)
	require.ErrorIs(t, err, sms.ErrInvalidOptions)
	assert.Contains(t, err.Error(), "no credentials: write ACCOUNT_SID:AUTH_TOKEN@ in the URL or set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")

	t.Setenv(twilioverify.EnvAccountSID, urlAccount)
	t.Setenv(twilioverify.EnvAuthToken, "tok")
	v, err := verify.OpenVerifier(context.Background(), "twilioverify://default?service="+urlService)
	require.NoError(t, err)
	assert.IsType(t, &twilioverify.Verifier{}, v)
}

// TestOpenVerifierEmulator: a Verifier opened from a URL sends and checks
// codes on the emulator.
func TestOpenVerifierEmulator(t *testing.T) {
	srv := twiliotest.NewServer(twiliotest.Options{VerifyServices: []string{twiliotest.TestVerifyServiceSID}})
	t.Cleanup(srv.Close)
	raw := "twilioverify://" + twiliotest.TestAccountSID + ":" + twiliotest.TestAuthToken + "@" + srv.Host +
		"?protocol=http&service=" + twiliotest.TestVerifyServiceSID
	v, err := verify.OpenVerifier(context.Background(), raw)
	require.NoError(t, err)
	_, err = v.Start(context.Background(), verify.Request{To: recipient})
	require.NoError(t, err)
	code, ok := srv.LastVerifyCode(recipient)
	require.True(t, ok)
	out, err := v.Check(context.Background(), verify.Check{To: recipient, Code: code})
	require.NoError(t, err)
	assert.True(t, out.Approved())
	assert.Contains(t, verify.Schemes(), twilioverify.Scheme)
}
