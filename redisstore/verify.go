package redisstore

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/smskit/sms"
	"github.com/smskit/sms/verify"
)

// DefaultVerifyPrefix is VerifyOptions.Prefix's default.
const DefaultVerifyPrefix = "smskit:verify:"

// VerifyOptions configures NewVerifyStore.
type VerifyOptions struct {
	// Prefix starts every Redis key of the store. Empty means
	// DefaultVerifyPrefix.
	Prefix string
	// KeySecret keys the hash that turns a verification's key into a Redis
	// key, as LimitOptions.KeySecret. The verifier's keys are keyed hashes
	// already; empty (plain SHA-256) is fine for them.
	KeySecret []byte
	// Clock says where the time comes from: CallerClock (Issue.Now and
	// Attempt.Now, the default) or ServerClock (Redis's TIME; Issued.Expires
	// is then the server's time).
	Clock Clock
	// OnError, if not nil, is called with every *Error the store returns.
	// It must not block.
	OnError func(error)
}

// Validate reports whether opts can work: a known Clock. A violation wraps
// sms.ErrInvalidOptions.
func (opts VerifyOptions) Validate() error { return checkModes(opts.Clock, FailClosed) }

// VerifyStore is a verify.Store on Redis: a code issued by one instance of
// an application is checked, exactly once, by any other.
//
// Each verification is one Redis hash, PREFIX{HASH} (see
// VerifyOptions.KeySecret): its send count, attempt count, the time of its
// last code, and per code its token, times and keyed hash (never the
// code). Issue, Revoke and Check are one Lua script each, one round trip:
// concurrent calls from any number of instances decide as one would; two
// checks of one right code approve once. Codes are compared in constant
// time inside the script. Every Issue and Revoke sets the hash to expire
// verify.RecordGrace after its last code expires.
//
// The store never fails open: when Redis does not answer within the
// context, Issue, Revoke and Check return an *Error and decide nothing
// (a Check's attempt is then not counted).
//
// Rules the contract leaves open are those of verify.MemoryStore (the
// same conformance suite, verifytest.RunStore, passes on both):
//   - a record whose codes all expired RecordGrace ago is as none, whether
//     or not Redis has dropped it yet;
//   - Interval runs from the newest code while the record exists, even
//     after its codes expired;
//   - a burned verification (MaxAttempts reached) takes a new code within
//     its MaxSends and Interval; the new code's checks start again;
//   - TooManySends's RetryAfter is the time until the last code expires
//     (at least a second); MaxSends is taken between 1 and
//     verify.MaxSendsLimit, MaxAttempts at least 1;
//   - Outcome.AttemptsLeft is -1 but for WrongCode (and TooManyAttempts, 0);
//   - an approved verification is deleted: the next Issue starts anew.
//
// VerifyStore is safe for concurrent use.
type VerifyStore struct {
	client redis.UniversalClient
	keys   *keyer
	opts   VerifyOptions
}

// NewVerifyStore returns a VerifyStore on client, or an error wrapping
// sms.ErrInvalidOptions when opts are not valid or the client is nil or
// was created without ContextTimeoutEnabled (see NewLimitStore).
func NewVerifyStore(client redis.UniversalClient, opts VerifyOptions) (*VerifyStore, error) {
	if err := checkClient(client, "NewVerifyStore"); err != nil {
		return nil, err
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if opts.Prefix == "" {
		opts.Prefix = DefaultVerifyPrefix
	}
	keys := newKeyer(opts.Prefix, opts.KeySecret)
	opts.KeySecret = nil // kept by the keyer only: fmt cannot reach it in a store held by value
	return &VerifyStore{client: client, keys: keys, opts: opts}, nil
}

// Issue implements verify.Store.
func (s *VerifyStore) Issue(ctx context.Context, key string, in verify.Issue) (verify.Issued, error) {
	switch {
	case len(in.Hash) != verify.HashSize:
		return verify.Issued{}, invalid("Issue.Hash is not verify.HashSize bytes")
	case in.Token == "":
		return verify.Issued{}, invalid("Issue.Token is empty")
	case in.ValidFor < time.Microsecond:
		return verify.Issued{}, invalid("Issue.ValidFor is not positive")
	case in.Interval < 0:
		return verify.Issued{}, invalid("Issue.Interval is negative")
	case in.Duplicate != verify.ReplaceOld && in.Duplicate != verify.KeepAll:
		return verify.Issued{}, invalid("Issue.Duplicate is neither ReplaceOld nor KeepAll")
	}
	if err := done(ctx, "issue"); err != nil {
		return verify.Issued{}, s.report(err)
	}
	res, err := issueScript.Run(ctx, s.client, []string{s.keys.key(key)},
		s.nowArg(in.Now), in.Token, in.Hash,
		in.ValidFor.Microseconds(), in.Interval.Microseconds(), min(max(in.MaxSends, 1), verify.MaxSendsLimit),
		int(in.Duplicate), verify.RecordGrace.Microseconds(),
	).Int64Slice()
	if err == nil && len(res) != 4 {
		err = errMalformed
	}
	if err != nil {
		return verify.Issued{}, s.report(&Error{Op: "issue", Err: cause(ctx, err)})
	}
	out := verify.Issued{Refusal: verify.Refusal(res[0]), Sends: int(res[2])}
	if out.Refusal != verify.NotRefused {
		out.RetryAfter = time.Duration(res[1]) * time.Microsecond
		return out, nil
	}
	if s.opts.Clock == ServerClock {
		out.Expires = fromMicros(res[3])
	} else {
		out.Expires = in.Now.Add(in.ValidFor)
	}
	return out, nil
}

// Revoke implements verify.Store.
func (s *VerifyStore) Revoke(ctx context.Context, key, token string) error {
	if err := done(ctx, "revoke"); err != nil {
		return s.report(err)
	}
	err := revokeScript.Run(ctx, s.client, []string{s.keys.key(key)}, s.nowArg(time.Now()), token,
		verify.RecordGrace.Microseconds()).Err()
	if err != nil && err != redis.Nil {
		return s.report(&Error{Op: "revoke", Err: cause(ctx, err)})
	}
	return nil
}

// Check implements verify.Store.
func (s *VerifyStore) Check(ctx context.Context, key string, in verify.Attempt) (verify.Outcome, error) {
	switch {
	case len(in.Hash) != verify.HashSize:
		return verify.Outcome{}, invalid("Attempt.Hash is not verify.HashSize bytes")
	}
	if err := done(ctx, "check"); err != nil {
		return verify.Outcome{}, s.report(err)
	}
	res, err := checkScript.Run(ctx, s.client, []string{s.keys.key(key)},
		s.nowArg(in.Now), in.Hash, max(in.MaxAttempts, 1), verify.RecordGrace.Microseconds()).Int64Slice()
	if err == nil && (len(res) != 2 || res[0] < int64(verify.Approved) || res[0] > int64(verify.NotFound)) {
		err = errMalformed
	}
	if err != nil {
		return verify.Outcome{}, s.report(&Error{Op: "check", Err: cause(ctx, err)})
	}
	return verify.Outcome{Status: verify.Status(res[0]), AttemptsLeft: int(res[1])}, nil
}

// nowArg is the scripts' time argument: microseconds, or serverClock.
func (s *VerifyStore) nowArg(now time.Time) string {
	if s.opts.Clock == ServerClock {
		return serverClock
	}
	return strconv.FormatInt(micros(now), 10)
}

// report passes err to OnError and returns it.
func (s *VerifyStore) report(err error) error {
	if s.opts.OnError != nil {
		s.opts.OnError(err)
	}
	return err
}

// invalid is the error of a call the store cannot make.
func invalid(msg string) error {
	return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name, Message: msg}
}

var _ verify.Store = (*VerifyStore)(nil)
