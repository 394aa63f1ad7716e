package verifytest

import (
	"testing"
	"time"

	"github.com/smskit/sms/verify"
)

// Backend connects the suite to one Verifier and what stands behind it.
// Verifier and LastCode are required.
type Backend struct {
	// Verifier is the Verifier under test.
	Verifier verify.Verifier
	// LastCode returns the code last sent to the number to (in E.164), as
	// the phone would show it, and false when none was sent.
	LastCode func(to string) (string, bool)
	// Advance moves the backend's clock (the Verifier's and its
	// limits') forward by d. Nil skips the cases that need time to pass.
	Advance func(d time.Duration)
	// ValidFor is how long the backend accepts a code.
	ValidFor time.Duration
	// Interval is the least time between two codes to one number and
	// purpose; zero skips the interval case.
	Interval time.Duration
	// MaxAttempts is how many checks a verification allows, at least 3.
	MaxAttempts int
	// MaxSends is how many codes a verification allows; zero skips the
	// MaxSends case (a backend without such a cap).
	MaxSends int
	// Duplicate is the backend's policy for the codes of a resend.
	Duplicate verify.DuplicatePolicy
	// ReportsExpiry is true for backends whose outcomes tell WrongCode,
	// Expired, TooManyAttempts and NotFound apart. Backends that only
	// say "passed" or "not" (Aliyun's PASS/UNKNOWN) leave it false: the
	// suite then only requires that such checks are not approved.
	ReportsExpiry bool
	// ReportsAttemptsLeft is true for backends whose WrongCode outcomes
	// say how many attempts are left.
	ReportsAttemptsLeft bool
	// Numbers are the recipients the suite uses, at least two distinct
	// valid numbers the backend serves, in E.164. Empty means
	// DefaultNumbers.
	Numbers []string
	// Secrets are strings that must never appear in an error, outcome or
	// Verification ID, besides the numbers and codes: the backend's
	// credentials and HMAC secret.
	Secrets []string
	// Unsupported names the cases the backend cannot support (the Case
	// constants), each with the reason; they are skipped with it.
	Unsupported map[string]string
}

// DefaultNumbers are Backend.Numbers's default: mainland mobile numbers.
var DefaultNumbers = []string{"+8613800138000", "+8613900139001", "+8615000150002"}

// Harness makes the backends of the suite.
type Harness struct {
	// New returns a fresh Backend for one case, with its own clock and
	// state; it registers its cleanup with t.Cleanup.
	New func(t testing.TB) Backend
}
