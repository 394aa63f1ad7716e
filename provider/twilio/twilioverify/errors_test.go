package twilioverify_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twilio/twilio-go/client"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/smskit/sms/provider/twilio/twilioverify"
	"github.com/smskit/sms/verify"
)

// assertClean fails if text shows any of the call's secrets.
func assertClean(t *testing.T, text string, extra ...string) {
	t.Helper()
	for _, secret := range append([]string{recipient, national, "14155552671", twiliotest.TestAuthToken}, extra...) {
		assert.NotContains(t, text, secret)
	}
}

func TestStartErrors(t *testing.T) {
	const customCode = "8642097531"
	tests := []struct {
		name        string
		fault       twiliotest.Fault
		code        sms.Code
		notAccepted bool
		provider    string // ProviderCode
		unexpected  bool   // wraps ErrUnexpectedAnswer
		sent        bool   // the code was sent anyway
	}{
		{"outage", twiliotest.Fault{Status: 503}, sms.Unavailable, true, "20503", false, false},
		{"rate limit", twiliotest.Fault{Status: 429, RetryAfter: 2 * time.Second}, sms.RateLimited, true, "20429", false, false},
		{"bad parameter", twiliotest.Fault{Status: 400, Code: 60200, Message: "Invalid parameter `To`: +14155552671"}, sms.InvalidArgument, true, "60200", false, false},
		{"landline", twiliotest.Fault{Status: 400, Code: 60205}, sms.InvalidArgument, true, "60205", false, false},
		{"fraud guard", twiliotest.Fault{Status: 403, Code: 60410}, sms.PermissionDenied, true, "60410", false, false},
		{"geo permissions", twiliotest.Fault{Status: 403, Code: 60605}, sms.PermissionDenied, true, "60605", false, false},
		{"credentials", twiliotest.Fault{Status: 401, Code: 20003}, sms.PermissionDenied, true, "20003", false, false},
		{"gateway page, nothing done", twiliotest.Fault{Status: 502, RawBody: twiliotest.GatewayPage}, sms.Unknown, false, "", true, false},
		{"gateway page after the send", twiliotest.Fault{Create: true, Status: 502, RawBody: twiliotest.GatewayPage}, sms.Unknown, false, "", true, true},
		{"gateway timeout", twiliotest.Fault{Status: 504}, sms.Unavailable, false, "20504", false, false},
		{"redirect after the send", twiliotest.Fault{Create: true, Status: 302, Location: "https://elsewhere.example/"}, sms.Unknown, false, "", true, true},
		{"redirect", twiliotest.Fault{Status: 307, Location: "https://elsewhere.example/"}, sms.Unknown, false, "", true, false},
		{"2xx that is no verification", twiliotest.Fault{Create: true, Status: 200, RawBody: `{"sid":"+14155552671"}`}, sms.Unknown, false, "", true, true},
		{"answer lost", twiliotest.Fault{Drop: twiliotest.DropAfterCreate}, sms.Unknown, false, "", false, true},
		{"dropped after the request was written", twiliotest.Fault{Drop: twiliotest.DropBeforeCreate}, sms.Unknown, false, "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.QueueFault(tt.fault)
			_, err := e.v.Start(t.Context(), verify.Request{To: recipient, Code: customCode, Key: "198.51.100.23"})
			require.Error(t, err)
			var se *sms.Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.code, se.Code, se.Error())
			assert.Equal(t, tt.notAccepted, se.NotAccepted, "NotAccepted")
			assert.Equal(t, twilioverify.Name, se.Provider)
			assert.Equal(t, tt.provider, se.ProviderCode)
			assert.Equal(t, tt.unexpected, errors.Is(err, twilio.ErrUnexpectedAnswer))
			if tt.code == sms.RateLimited {
				assert.Equal(t, 2*time.Second, se.RetryAfter)
			}
			if tt.provider != "" && tt.code != sms.Unavailable {
				rest, ok := errors.AsType[*client.TwilioRestError](err)
				require.True(t, ok)
				assert.Equal(t, tt.provider, fmt.Sprint(rest.Code))
			}
			_, sent := e.srv.LastVerifyCode(recipient)
			assert.Equal(t, tt.sent, sent, "the emulator sent the code")
			if sent {
				assert.False(t, se.NotAccepted, "a code that was sent is never reported as not accepted")
			}
			assertClean(t, err.Error(), customCode, "198.51.100.23")
			assertClean(t, fmt.Sprintf("%+v %#v", err, err), customCode, "198.51.100.23")
		})
	}
}

func TestStartUnknownService(t *testing.T) {
	e := newEnv(t, func(o *twilioverify.Options) { o.ServiceSID = "VA0000000000000000000000000000dead" })
	_, err := e.v.Start(t.Context(), verify.Request{To: recipient})
	require.Error(t, err)
	assert.Equal(t, sms.PermissionDenied, sms.CodeOf(err))
	assert.Contains(t, err.Error(), "Verify Service was not found")
	assertClean(t, err.Error())
}

func TestWrongAuthToken(t *testing.T) {
	e := newEnv(t, func(o *twilioverify.Options) { o.AuthToken = "ffffffffffffffffffffffffffffffff" })
	_, err := e.v.Start(t.Context(), verify.Request{To: recipient})
	assert.Equal(t, sms.PermissionDenied, sms.CodeOf(err))
	_, err = e.v.Check(t.Context(), verify.Check{To: recipient, Code: "123456"})
	assert.Equal(t, sms.PermissionDenied, sms.CodeOf(err))
	assertClean(t, err.Error(), "ffffffffffffffffffffffffffffffff", "123456")
}

func TestCheckErrors(t *testing.T) {
	tests := []struct {
		name       string
		fault      twiliotest.Fault
		code       sms.Code
		unexpected bool
	}{
		{"outage", twiliotest.Fault{Status: 503}, sms.Unavailable, false},
		{"rate limit", twiliotest.Fault{Status: 429}, sms.RateLimited, false},
		{"gateway page", twiliotest.Fault{Create: true, Status: 502, RawBody: twiliotest.GatewayPage}, sms.Unknown, true},
		{"unknown status", twiliotest.Fault{Create: true, Status: 200, RawBody: `{"sid":"VE00000000000000000000000000000001","status":"+14155552671"}`}, sms.Unknown, true},
		{"no status", twiliotest.Fault{Create: true, Status: 200, RawBody: `{"sid":"VE00000000000000000000000000000001"}`}, sms.Unknown, true},
		{"answer lost", twiliotest.Fault{Drop: twiliotest.DropAfterCreate}, sms.Unknown, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			_, err := e.v.Start(t.Context(), verify.Request{To: recipient})
			require.NoError(t, err)
			code := e.code(t)
			e.srv.QueueFault(tt.fault)
			out, err := e.v.Check(t.Context(), verify.Check{To: recipient, Code: code, Key: "account-7"})
			require.Error(t, err)
			assert.Equal(t, verify.Outcome{}, out, "nothing decided")
			assert.Equal(t, tt.code, sms.CodeOf(err), err.Error())
			assert.Equal(t, tt.unexpected, errors.Is(err, twilio.ErrUnexpectedAnswer))
			assertClean(t, err.Error(), code, "account-7")
		})
	}
}

func TestCheckOutcomesFromStatus(t *testing.T) {
	tests := []struct {
		status string
		want   verify.Outcome
	}{
		{"approved", verify.Outcome{Status: verify.Approved}},
		{"pending", verify.Outcome{Status: verify.WrongCode, AttemptsLeft: -1}},
		{"max_attempts_reached", verify.Outcome{Status: verify.TooManyAttempts}},
		{"expired", verify.Outcome{Status: verify.Expired}},
		{"canceled", verify.Outcome{Status: verify.NotFound}},
		{"deleted", verify.Outcome{Status: verify.NotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.QueueFault(twiliotest.Fault{Status: 200,
				RawBody: `{"sid":"VE00000000000000000000000000000001","status":"` + tt.status + `"}`})
			out, err := e.v.Check(t.Context(), verify.Check{To: recipient, Code: "123456"})
			require.NoError(t, err)
			assert.Equal(t, tt.want, out)
		})
	}
}

// TestCanceledInFlight cancels the caller's context while the emulator
// holds the answer: the code was sent, so the error is "may have been
// accepted".
func TestCanceledInFlight(t *testing.T) {
	e := newEnv(t, nil)
	ctx, cancel := context.WithCancel(t.Context())
	e.srv.QueueFault(twiliotest.Fault{Stall: func(stall context.Context) {
		cancel()
		<-stall.Done()
	}})
	_, err := e.v.Start(ctx, verify.Request{To: recipient})
	require.Error(t, err)
	assert.Equal(t, sms.Canceled, sms.CodeOf(err))
	assert.False(t, sms.IsNotAccepted(err), "the request was written: the code may arrive")
	_, sent := e.srv.LastVerifyCode(recipient)
	assert.True(t, sent)
}

// echoTransport fails every request with an error that quotes it whole, as
// a careless proxy or transport wrapper might.
type echoTransport struct{}

func (echoTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(r.Body)
	return nil, fmt.Errorf("proxy refused %s %s?%s auth=%s", r.Method, r.URL, body, r.Header.Get("Authorization"))
}

func TestTransportErrorsAreRedacted(t *testing.T) {
	e := newEnv(t, func(o *twilioverify.Options) { o.Transport = echoTransport{} })
	_, err := e.v.Start(t.Context(), verify.Request{To: recipient, Code: "97531864", Key: "203.0.113.9"})
	require.Error(t, err)
	assert.Equal(t, sms.Unavailable, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err), "no connection: nothing was written")
	text := fmt.Sprintf("%v %+v", err, err)
	assertClean(t, text, "97531864", "203.0.113.9", "%2B14155552671")
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Error("start", "err", err)
	assertClean(t, logged.String(), "97531864", "203.0.113.9")

	_, err = e.v.Check(t.Context(), verify.Check{To: recipient, Code: "97531864"})
	require.Error(t, err)
	assertClean(t, fmt.Sprintf("%v %+v", err, err), "97531864", "%2B14155552671")
}
