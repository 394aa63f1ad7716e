package redisstore

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/smskit/sms/middleware"
)

// DefaultLimitPrefix is LimitOptions.Prefix's default.
const DefaultLimitPrefix = "smskit:limit:"

// Clock says where the stores read the time.
type Clock int

const (
	// CallerClock uses the time the caller passes (Take's now, Issue.Now,
	// Attempt.Now): the injected clock of middleware.RecipientLimit or of
	// the verifier. Instances must keep their clocks in sync (NTP); a
	// skew of s lets a window end up to s early or late.
	CallerClock Clock = iota
	// ServerClock reads the time from the Redis server (TIME, inside the
	// script): every instance agrees whatever its own clock says. The
	// caller's times are then only used to find the send a Refund names
	// (and a test's fake clock has no effect). Redis Cluster: each shard
	// has its own clock, as each key lives on one shard.
	ServerClock
)

// LimitOptions configures NewLimitStore.
type LimitOptions struct {
	// Policy is the limit applied to every key. Nil means
	// middleware.AliyunCodePolicy(). Give every store (one per template
	// kind) its own Prefix: one store has one policy.
	Policy middleware.Policy
	// Prefix starts every Redis key of the store. Empty means
	// DefaultLimitPrefix.
	Prefix string
	// KeySecret keys the hash that turns a key (for the default keys, a
	// phone number) into a Redis key, HMAC-SHA-256: the same secret on every
	// instance, at least 16 random bytes. Empty means plain SHA-256, which
	// hides numbers from a casual reader of Redis but not from someone who
	// hashes every number of a country (10^10 hashes are minutes of work).
	KeySecret []byte
	// Clock says where the time comes from: CallerClock (the default) or
	// ServerClock.
	Clock Clock
	// FailMode is what Take does when Redis does not decide in time:
	// FailClosed (the default) or FailOpen.
	FailMode FailMode
	// OnError, if not nil, is called with every *Error the store returns
	// or swallows (FailOpen): the place to log or count an outage. It must
	// not block.
	OnError func(error)
}

// Validate reports whether opts can work: a valid Policy (see
// middleware.Policy.Validate), a known Clock and FailMode. A violation wraps
// sms.ErrInvalidOptions.
func (opts LimitOptions) Validate() error {
	if opts.Policy != nil {
		if err := opts.Policy.Validate(); err != nil {
			return err
		}
	}
	return checkModes(opts.Clock, opts.FailMode)
}

func checkModes(c Clock, m FailMode) error {
	if c != CallerClock && c != ServerClock {
		return optionsError("Clock is neither CallerClock nor ServerClock")
	}
	if m != FailClosed && m != FailOpen {
		return optionsError("FailMode is neither FailClosed nor FailOpen")
	}
	return nil
}

// LimitStore is a middleware.Store on Redis: every instance of an
// application that uses the same Redis and Prefix shares one send history
// per key, so a number gets its limit once for the whole fleet.
//
// Each key is one Redis list of its last N send times (N the policy's
// largest Limit), newest first, in whole seconds rounded up as
// middleware.MemoryStore keeps them (a window may end up to a second late,
// never early). Take is one Lua script, one round trip (EVALSHA, EVAL
// once per server when the script is not loaded): it checks every window
// of the policy and records the send only if all of them allow it, so a
// send refused by the hour window does not use up the minute window, and
// concurrent Takes from any number of instances decide as one would.
// Every write sets the key to expire when the newest send leaves the
// longest window, so Redis forgets keys that are back to full by itself.
//
// Redis keys are PREFIX{HASH} (see LimitOptions.KeySecret); the braces are
// a Redis Cluster hash tag. The store does not cap the number of keys as
// MemoryStore does: Redis's maxmemory does (use a policy such as
// volatile-ttl or noeviction; see the package documentation).
//
// LimitStore is safe for concurrent use.
type LimitStore struct {
	client redis.UniversalClient
	keys   *keyer
	opts   LimitOptions
	// windows is the policy as the script reads it: width, longest (µs),
	// then limit and period (µs) of each window, as strings.
	windows []any
}

// NewLimitStore returns a LimitStore on client, or an error wrapping
// sms.ErrInvalidOptions when opts are not valid (see Validate) or the
// client is nil or was created without ContextTimeoutEnabled (go-redis
// then ignores the context's deadline, and a paused Redis would hold every
// send for ReadTimeout).
func NewLimitStore(client redis.UniversalClient, opts LimitOptions) (*LimitStore, error) {
	if err := checkClient(client, "NewLimitStore"); err != nil {
		return nil, err
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if opts.Policy == nil {
		opts.Policy = middleware.AliyunCodePolicy()
	}
	opts.Policy = append(middleware.Policy(nil), opts.Policy...)
	if opts.Prefix == "" {
		opts.Prefix = DefaultLimitPrefix
	}
	width, longest := 0, time.Duration(0)
	for _, w := range opts.Policy {
		width, longest = max(width, w.Limit), max(longest, w.Per)
	}
	keys := newKeyer(opts.Prefix, opts.KeySecret)
	opts.KeySecret = nil // kept by the keyer only: fmt cannot reach it in a store held by value
	s := &LimitStore{client: client, keys: keys, opts: opts}
	s.windows = append(s.windows, strconv.Itoa(width), strconv.FormatInt(longest.Microseconds(), 10))
	for _, w := range opts.Policy {
		s.windows = append(s.windows, strconv.Itoa(w.Limit), strconv.FormatInt(w.Per.Microseconds(), 10))
	}
	return s, nil
}

// Policy returns the store's policy.
func (s *LimitStore) Policy() middleware.Policy {
	return append(middleware.Policy(nil), s.opts.Policy...)
}

// Take implements middleware.Store. It returns within ctx's deadline; when
// Redis does not decide by then (or is unreachable), it fails as
// LimitOptions.FailMode says, with an *Error.
func (s *LimitStore) Take(ctx context.Context, key string, now time.Time) (bool, time.Duration, error) {
	if err := done(ctx, "take"); err != nil {
		return s.fail(err)
	}
	args := make([]any, 0, 2+len(s.windows))
	args = append(args, s.nowArg(now), stampOf(now))
	args = append(args, s.windows...)
	res, err := takeScript.Run(ctx, s.client, []string{s.keys.key(key)}, args...).Int64Slice()
	if err == nil && len(res) != 2 {
		err = errMalformed
	}
	if err != nil {
		return s.fail(&Error{Op: "take", Err: cause(ctx, err)})
	}
	if res[0] == 1 {
		return true, 0, nil
	}
	return false, time.Duration(res[1]) * time.Microsecond, nil
}

// Refund implements middleware.Store: it removes one send recorded at the
// second of at (the time the caller passed to Take, in either Clock).
func (s *LimitStore) Refund(ctx context.Context, key string, at time.Time) error {
	if err := done(ctx, "refund"); err != nil {
		return s.report(err)
	}
	mode := "c"
	if s.opts.Clock == ServerClock {
		mode = "s"
	}
	err := refundScript.Run(ctx, s.client, []string{s.keys.key(key)}, stampOf(at), mode).Err()
	if err != nil && err != redis.Nil {
		return s.report(&Error{Op: "refund", Err: cause(ctx, err)})
	}
	return nil
}

// nowArg is the script's time argument: microseconds, or serverClock.
func (s *LimitStore) nowArg(now time.Time) any {
	if s.opts.Clock == ServerClock {
		return serverClock
	}
	return micros(now)
}

// stampOf is t in whole seconds since the Unix epoch, rounded up.
func stampOf(t time.Time) int64 {
	us := micros(t)
	return (us + 999_999) / 1_000_000
}

// fail applies the FailMode to a Take that Redis did not decide.
func (s *LimitStore) fail(err error) (bool, time.Duration, error) {
	e, _ := err.(*Error)
	if s.opts.FailMode == FailOpen && e != nil {
		e.FailOpen = true
		s.report(e)
		return true, 0, nil
	}
	return false, 0, s.report(err)
}

// report passes err to OnError and returns it.
func (s *LimitStore) report(err error) error {
	if s.opts.OnError != nil {
		s.opts.OnError(err)
	}
	return err
}

var _ middleware.Store = (*LimitStore)(nil)
