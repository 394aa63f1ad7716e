package twilioverify_test

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/smskit/sms/provider/twilio/twilioverify"
)

func TestOptionsRefused(t *testing.T) {
	valid := func() twilioverify.Options {
		return twilioverify.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: twiliotest.TestAuthToken,
			ServiceSID: twiliotest.TestVerifyServiceSID}
	}
	tests := []struct {
		name   string
		change func(*twilioverify.Options)
		reason string
	}{
		{"no account", func(o *twilioverify.Options) { o.AccountSID = "" }, "AccountSID is required"},
		{"bad account", func(o *twilioverify.Options) { o.AccountSID = "AC123" }, "AccountSID must be"},
		{"no token", func(o *twilioverify.Options) { o.AuthToken = "" }, "AuthToken is required"},
		{"bad token", func(o *twilioverify.Options) { o.AuthToken = "secret token!" }, "AuthToken must be"},
		{"no service", func(o *twilioverify.Options) { o.ServiceSID = "" }, "ServiceSID or Services is required"},
		{"bad service", func(o *twilioverify.Options) { o.ServiceSID = "MG00000000000000000000000000000001" }, "ServiceSID must be"},
		{"bad purpose service", func(o *twilioverify.Options) { o.Services = map[string]string{"login": "VA1"} }, `purpose "login"`},
		{"empty purpose", func(o *twilioverify.Options) { o.Services = map[string]string{"": loginService} }, "a purpose must be"},
		{"default purpose twice", func(o *twilioverify.Options) { o.Services = map[string]string{"default": loginService} }, "differ"},
		{"endpoint", func(o *twilioverify.Options) { o.Endpoint = "127.0.0.1:8080" }, "Endpoint must be"},
		{"locale", func(o *twilioverify.Options) { o.Locale = "en_US!" }, "Locale must be"},
		{"rate limit key", func(o *twilioverify.Options) { o.RateLimitKey = "has space" }, "RateLimitKey must be"},
		{"valid for short", func(o *twilioverify.Options) { o.ValidFor = time.Minute }, "ValidFor must be between 2m0s and 24h0m0s"},
		{"valid for long", func(o *twilioverify.Options) { o.ValidFor = 25 * time.Hour }, "ValidFor must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := valid()
			tt.change(&o)
			v, err := twilioverify.New(o)
			require.Error(t, err)
			assert.Nil(t, v)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.reason)
			assert.NotContains(t, err.Error(), twiliotest.TestAuthToken)
			assert.NotContains(t, err.Error(), "secret token")
		})
	}
	o := valid()
	o.ServiceSID = ""
	o.Services = map[string]string{"login": loginService}
	_, err := twilioverify.New(o)
	assert.NoError(t, err, "Services alone is enough")
}

func TestPrintingHidesToken(t *testing.T) {
	o := twilioverify.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: twiliotest.TestAuthToken,
		ServiceSID: twiliotest.TestVerifyServiceSID, Services: map[string]string{"login": loginService}}
	v, err := twilioverify.New(o)
	require.NoError(t, err)
	holder := struct {
		v *twilioverify.Verifier
		w twilioverify.Verifier
	}{v, *v}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("x", "v", v, "o", o)
	for _, text := range []string{
		fmt.Sprint(v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v), fmt.Sprintf("%v", *v),
		fmt.Sprint(o), fmt.Sprintf("%#v", o), fmt.Sprintf("%+v", holder), logged.String(),
	} {
		assert.NotContains(t, text, twiliotest.TestAuthToken)
		assert.NotContains(t, strings.ToLower(text), "0123456789abcdef0123")
	}
	assert.Contains(t, v.String(), `"login": "`+loginService+`"`)
	assert.Contains(t, v.String(), "AuthToken: hidden")
}
