package twilioverify_test

import (
	"testing"

	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/smskit/sms/provider/twilio/twilioverify"
	"github.com/smskit/sms/verify"
	"github.com/smskit/sms/verify/verifytest"
)

// TestConformance runs the verifier conformance suite against the Twilio
// Verify backend on the emulator. Twilio has no resend interval, re-sends
// the same code while it is valid, and answers a check of an expired or
// finished verification with 20404 (NotFound), so it reports neither
// Expired nor the attempts left.
func TestConformance(t *testing.T) {
	verifytest.Run(t, verifytest.Harness{New: func(t testing.TB) verifytest.Backend {
		e := newEnv(t, func(o *twilioverify.Options) {
			o.Services = map[string]string{"login": loginService, "reset": resetService}
		})
		return verifytest.Backend{
			Verifier:    e.v,
			LastCode:    e.srv.LastVerifyCode,
			Advance:     e.clock.Advance,
			ValidFor:    e.v.ValidFor(),
			MaxAttempts: twilioverify.MaxChecks,
			MaxSends:    twilioverify.MaxSends,
			Duplicate:   verify.ReplaceOld,
			Numbers:     []string{recipient, "+14155552672", "+14155552673"},
			Secrets:     []string{twiliotest.TestAuthToken},
		}
	}})
}
