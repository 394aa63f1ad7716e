package verify

import (
	"context"
	"strconv"
	"time"

	"github.com/smskit/sms"
)

// Verifier issues verification codes and checks them. Implementations are
// safe for concurrent use.
//
// Start's error is an *sms.Error (sms.CodeOf, sms.IsNotAccepted): a refusal
// by a limit is sms.RateLimited with RetryAfter; a code whose SMS may have
// been accepted stays pending, so a caller that gets such an error must tell
// the user that the code may still arrive rather than start again at once.
// Check's outcome is its Outcome; its error only says that the check could
// not be made (bad input, a store or provider that failed), and then
// nothing was decided.
type Verifier interface {
	// Start issues a code for req.To and req.Purpose and sends it.
	Start(ctx context.Context, req Request) (Verification, error)
	// Check checks a code against the pending verification of c.To and
	// c.Purpose.
	Check(ctx context.Context, c Check) (Outcome, error)
}

// DefaultPurpose is the purpose of a Request or Check whose Purpose is
// empty.
const DefaultPurpose = "default"

// Request asks a Verifier to send a code.
type Request struct {
	// To is the recipient's number, in E.164 or in the national form of
	// the verifier's default region.
	To string
	// Purpose separates the verifications of one recipient ("login",
	// "reset"): a code issued for one purpose never approves another.
	// Empty means DefaultPurpose.
	Purpose string
	// Key is the caller's abuse key, such as the client's IP address or
	// account id, limited besides the recipient. Empty means none.
	Key string
	// Code, when not empty, is sent instead of a random code: for tests
	// and for codes made elsewhere. Not every backend supports it.
	Code string
}

// Check is one attempt at a code.
type Check struct {
	// To is the recipient's number, as in Request.To.
	To string
	// Purpose is the Request's Purpose. Empty means DefaultPurpose.
	Purpose string
	// Code is the code the user typed.
	Code string
	// Key is the caller's abuse key, as in Request.Key.
	Key string
}

// Verification describes a code that was sent.
type Verification struct {
	// ID identifies the verification: random for the local backend, the
	// provider's id for a hosted one. It never contains the number.
	ID string
	// Expires is when the code stops being accepted.
	Expires time.Time
	// ResendAfter is the earliest time Start may send another code for
	// the same recipient and purpose.
	ResendAfter time.Time
	// Sends counts the codes sent for this verification, this one included.
	Sends int
	// Result is the provider's answer for the SMS that carried the code.
	Result sms.Result
}

// Status is the outcome of a Check.
type Status int

// The statuses. The zero Status is StatusUnknown, never returned with a
// nil error.
const (
	// StatusUnknown is the zero Status.
	StatusUnknown Status = iota
	// Approved: the code was right. The verification is consumed: the
	// same code is never approved again.
	Approved
	// WrongCode: the code was wrong; Outcome.AttemptsLeft says how many
	// more checks the verification allows.
	WrongCode
	// Expired: the verification's code expired before this check.
	Expired
	// TooManyAttempts: the verification allowed no more checks; its code
	// is burned and a new one must be started.
	TooManyAttempts
	// NotFound: no verification is pending for the recipient and purpose
	// (never started, already approved, or forgotten).
	NotFound
)

var statusNames = [...]string{
	StatusUnknown:   "unknown",
	Approved:        "approved",
	WrongCode:       "wrong code",
	Expired:         "expired",
	TooManyAttempts: "too many attempts",
	NotFound:        "not found",
}

// String returns the status's name in lower case, such as "wrong code".
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// Outcome is what a Check decided.
type Outcome struct {
	// Status is the decision.
	Status Status
	// AttemptsLeft is, for WrongCode, how many more checks the
	// verification allows; -1 when the backend does not say (Aliyun's
	// hosted service).
	AttemptsLeft int
}

// Approved reports whether the code was right.
func (o Outcome) Approved() bool { return o.Status == Approved }

// String describes o, such as "wrong code (4 attempts left)".
func (o Outcome) String() string {
	if o.Status != WrongCode || o.AttemptsLeft < 0 {
		return o.Status.String()
	}
	return o.Status.String() + " (" + strconv.Itoa(o.AttemptsLeft) + " attempts left)"
}
