package twilioverify_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/smskit/sms/provider/twilio/twilioverify"
)

const (
	recipient = "+14155552671"
	national  = "4155552671"
	// loginService and resetService are two Verify Services of the
	// emulator, for purposes.
	loginService = "VA000000000000000000000000000000a1"
	resetService = "VA000000000000000000000000000000b2"
)

var start = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// env is an emulator, its clock and a Verifier talking to it.
type env struct {
	srv   *twiliotest.Server
	clock *testclock.Clock
	v     *twilioverify.Verifier
}

// newEnv starts an emulator with the test Verify Service and the login and
// reset ones, and a Verifier on it; change edits the Verifier's options.
func newEnv(t testing.TB, change func(*twilioverify.Options)) *env {
	t.Helper()
	clock := testclock.New(start)
	srv := twiliotest.NewServer(twiliotest.Options{Now: clock.Now,
		VerifyServices: []string{twiliotest.TestVerifyServiceSID, loginService, resetService}})
	t.Cleanup(srv.Close)
	opts := baseOptions(srv, clock)
	if change != nil {
		change(&opts)
	}
	v, err := twilioverify.New(opts)
	require.NoError(t, err)
	t.Cleanup(v.CloseIdleConnections)
	return &env{srv: srv, clock: clock, v: v}
}

func baseOptions(srv *twiliotest.Server, clock *testclock.Clock) twilioverify.Options {
	return twilioverify.Options{
		AccountSID: twiliotest.TestAccountSID,
		AuthToken:  twiliotest.TestAuthToken,
		ServiceSID: twiliotest.TestVerifyServiceSID,
		Endpoint:   srv.URL,
		Now:        clock.Now,
	}
}

// code returns the last code the emulator sent to recipient.
func (e *env) code(t testing.TB) string {
	t.Helper()
	code, ok := e.srv.LastVerifyCode(recipient)
	require.True(t, ok, "no code was sent")
	return code
}
