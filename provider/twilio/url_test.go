package twilio_test

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	urlSID   = twiliotest.TestAccountSID
	urlToken = "f00dfeedf00dfeedf00dfeedf00dfeed"
)

func TestOptionsFromURL(t *testing.T) {
	file := filepath.Join(t.TempDir(), "templates.json")
	require.NoError(t, os.WriteFile(file, []byte(`[{"name":"login_code","kind":"international","text":"Your code is ${code}."}]`), 0o600))
	cred := urlSID + ":" + urlToken + "@"
	tests := []struct {
		name string
		url  string
		want twilio.Options
	}{
		{"default", "twilio://" + cred + "default?from=+15005550006",
			twilio.Options{AccountSID: urlSID, AuthToken: urlToken, From: "+15005550006"}},
		{"escaped plus", "twilio://" + cred + "default?from=%2B15005550006",
			twilio.Options{AccountSID: urlSID, AuthToken: urlToken, From: "+15005550006"}},
		{"emulator", "twilio://" + cred + "127.0.0.1:9000?from=+15005550006&protocol=http",
			twilio.Options{AccountSID: urlSID, AuthToken: urlToken, From: "+15005550006", Endpoint: "http://127.0.0.1:9000"}},
		{"proxy with path", "twilio://" + cred + "proxy.example:8443/twilio?from=+15005550006",
			twilio.Options{AccountSID: urlSID, AuthToken: urlToken, From: "+15005550006", Endpoint: "https://proxy.example:8443/twilio"}},
		{"every option", "twilio://" + cred + "default?messaging_service=" + twiliotest.TestMessagingServiceSID +
			"&status_callback=" + url.QueryEscape("https://example.com/cb?a=1") + "&template_key=twilio-eu&default_region=US&timeout=5s&templates=" + url.QueryEscape(file),
			twilio.Options{AccountSID: urlSID, AuthToken: urlToken, MessagingServiceSID: twiliotest.TestMessagingServiceSID,
				StatusCallback: "https://example.com/cb?a=1", TemplateKey: "twilio-eu", DefaultRegion: "US", Timeout: 5 * time.Second,
				Templates: []sms.Template{{Name: "login_code", Kind: sms.KindInternational, Text: "Your code is ${code}."}}}},
		{"credentials from the environment", "twilio://default?from=+15005550006",
			twilio.Options{From: "+15005550006"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(twilio.EnvAccountSID, urlSID)
			t.Setenv(twilio.EnvAuthToken, urlToken)
			u, err := url.Parse(tt.url)
			require.NoError(t, err)
			got, err := twilio.OptionsFromURL(u)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			s, err := sms.OpenSender(t.Context(), tt.url)
			require.NoError(t, err)
			_, ok := s.(*twilio.Sender)
			assert.True(t, ok)
		})
	}
}

func TestOpenSenderURLErrors(t *testing.T) {
	cred := urlSID + ":" + urlToken + "@"
	tests := []struct {
		name, url, want string
	}{
		{"unknown parameter", "twilio://" + cred + "default?from=+15005550006&to=+15005550007", `unknown parameter "to"`},
		{"no sender", "twilio://" + cred + "default", "From or MessagingServiceSID is required"},
		{"bad token", "twilio://" + urlSID + ":" + urlToken + "%21@default?from=+15005550006", "AuthToken must be"},
		{"bad escaping", "twilio://" + urlSID + ":" + urlToken + "%G1@default?from=+1", "malformed %-escape"},
		{"sid without token", "twilio://" + urlSID + "@default?from=+1", "userinfo must be ACCOUNT_SID:AUTH_TOKEN"},
		{"no credentials anywhere", "twilio://default?from=+15005550006", "no credentials: write ACCOUNT_SID:AUTH_TOKEN@ in the URL or set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(twilio.EnvAccountSID, "")
			t.Setenv(twilio.EnvAuthToken, "")
			_, err := sms.OpenSender(t.Context(), tt.url)
			require.Error(t, err)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), urlToken[:8])
		})
	}
}
