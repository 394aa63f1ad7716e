// Package verifytest is the conformance suite of verification backends
// (verify.Verifier) and of the local backend's stores (verify.Store), in
// the style of smstest.
//
// A backend's test runs the Verifier suite with a Harness that makes a
// fresh Backend per case, with a clock the suite can move and a way to
// read the code "sent":
//
//	func TestConformance(t *testing.T) {
//		verifytest.Run(t, verifytest.Harness{New: func(t testing.TB) verifytest.Backend {
//			clock := testclock.New(start)
//			sender := fake.MustNew(fake.Options{Templates: templates})
//			v, err := verify.New(verify.Options{Sender: sender, ..., Now: clock.Now})
//			require.NoError(t, err)
//			return verifytest.Backend{
//				Verifier: v,
//				LastCode: func(to string) (string, bool) {
//					r, ok := sender.Last(to)
//					return r.Message.Params["code"], ok
//				},
//				Advance:  clock.Advance,
//				ValidFor: verify.DefaultValidFor, Interval: verify.DefaultInterval,
//				MaxAttempts: verify.DefaultMaxAttempts, MaxSends: verify.DefaultMaxSends,
//				ReportsExpiry: true, ReportsAttemptsLeft: true,
//			}
//		}})
//	}
//
// A Store's test runs RunStore with a constructor of empty stores; the
// suite passes every time to the store (Issue.Now, Attempt.Now) and never
// sleeps, so a Redis store is tested as fast as the memory one.
//
// # Rules the suites hold backends to
//
//   - the right code is approved exactly once, also under 64 concurrent
//     checks; a wrong code never is, and counts down the attempts;
//   - a code is bound to its number and purpose; it expires after
//     ValidFor; after MaxAttempts wrong checks the right code is refused;
//   - a resend within Interval is RateLimited, not accepted, with a
//     RetryAfter of at most Interval, and sends nothing; so is a Start
//     after MaxSends codes;
//   - ReplaceOld accepts only the newest code, KeepAll every unexpired one;
//   - malformed input is InvalidArgument; no error, outcome or
//     Verification ID holds the number, the code or a secret.
//
// Backends that only say "passed" or "not" (Aliyun's PASS/UNKNOWN) leave
// Backend.ReportsExpiry and ReportsAttemptsLeft false: the suite then
// requires only that such checks are not approved. Cases a backend cannot
// support are named, with a reason, in Backend.Unsupported. The suites'
// own tests prove that each case fails for the broken verifiers and stores
// it exists to catch.
package verifytest
