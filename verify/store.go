package verify

import (
	"context"
	"time"
)

// Store keeps the pending verifications of the local backend. Each method
// is one atomic step (for a store shared by a fleet, such as one on Redis:
// one script), so that concurrent calls from any number of instances
// decide as one would.
//
// A Store never sees a number, a purpose or a code: keys are keyed hashes
// of the recipient and purpose, and codes are keyed hashes (HashSize bytes)
// that the store compares in constant time. Stores forget a verification
// by themselves once every code of it has expired (plus RecordGrace, so that
// a late check is told Expired rather than NotFound); memory stays bounded.
type Store interface {
	// Issue records a new code for key, if the verification allows
	// another send at in.Now: not within in.Interval of the last code
	// (Refusal TooSoon) and fewer than in.MaxSends codes so far (Refusal
	// TooManySends). A key with no verification, or whose codes have all
	// expired, starts a new one. Under ReplaceOld, the new code supersedes
	// the older ones (they are kept, not accepted, until they expire, so
	// that Revoke can bring back the previous code).
	Issue(ctx context.Context, key string, in Issue) (Issued, error)
	// Revoke undoes the Issue of token, whose SMS was definitely not
	// accepted: the code is removed, the send is no longer counted, and
	// the resend interval runs from the previous code again. Revoking a
	// token the store no longer holds does nothing.
	Revoke(ctx context.Context, key, token string) error
	// Check counts one attempt against key's verification and compares
	// in.Hash with its accepted codes in constant time: Approved consumes
	// the verification; WrongCode leaves AttemptsLeft; the attempt that
	// reaches in.MaxAttempts burns it (the outcome of a later check is
	// TooManyAttempts without comparing). A key without a verification
	// is NotFound after the same work as a wrong code.
	Check(ctx context.Context, key string, in Attempt) (Outcome, error)
}

// HashSize is the size of a code's keyed hash: HMAC-SHA-256.
const HashSize = 32

// RecordGrace is how long after its last code expires a store keeps a
// verification, so that a check then is Expired rather than NotFound.
const RecordGrace = 10 * time.Minute

// DuplicatePolicy says which codes of a verification are accepted after
// a resend, as Aliyun's DuplicatePolicy does.
type DuplicatePolicy int

const (
	// ReplaceOld accepts only the newest code (Aliyun's default, 1).
	ReplaceOld DuplicatePolicy = iota
	// KeepAll accepts every code of the verification until it expires
	// (Aliyun's 2): for users who may read an older SMS.
	KeepAll
)

// Issue describes a code for Store.Issue.
type Issue struct {
	// Token identifies the code, for Revoke: random, chosen by the caller.
	Token string
	// Hash is the code's keyed hash, HashSize bytes.
	Hash []byte
	// Now is the time of the send.
	Now time.Time
	// ValidFor is how long the code is accepted.
	ValidFor time.Duration
	// Interval is the least time between two codes of one verification.
	Interval time.Duration
	// MaxSends caps the codes of one verification.
	MaxSends int
	// Duplicate says which codes are accepted after a resend.
	Duplicate DuplicatePolicy
}

// Refusal says why Store.Issue refused a code.
type Refusal int

const (
	// NotRefused: the code was recorded.
	NotRefused Refusal = iota
	// TooSoon: the last code was sent less than Interval ago.
	TooSoon
	// TooManySends: the verification has had MaxSends codes already.
	TooManySends
)

// Issued is Store.Issue's answer.
type Issued struct {
	// Refusal is NotRefused when the code was recorded.
	Refusal Refusal
	// RetryAfter is, for a refusal, how long until Issue may succeed.
	RetryAfter time.Duration
	// Sends counts the verification's codes, this one included.
	Sends int
	// Expires is when this code stops being accepted.
	Expires time.Time
}

// Attempt describes one check for Store.Check.
type Attempt struct {
	// Hash is the keyed hash of the code to check, HashSize bytes.
	Hash []byte
	// Now is the time of the check.
	Now time.Time
	// MaxAttempts caps the checks of one verification.
	MaxAttempts int
}
