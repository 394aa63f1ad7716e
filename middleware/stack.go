package middleware

import (
	"context"
	"log/slog"
	"time"

	"github.com/smskit/sms"
)

// StackOptions configures NewStack: one options struct per layer, plus the
// templates, a clock and a logger shared by every layer that leaves its own
// unset. The zero value is a production-ready stack with every layer's
// defaults, no destination limit and no provider-wide rate limit.
type StackOptions struct {
	// Templates are the application's templates, declared once: the
	// RecipientLimit layer learns each message's kind from them (see
	// RecipientLimitOptions.Templates) when its own Templates is empty.
	Templates []sms.Template
	// Logger is used by Logging and Breaker when theirs is nil. Nil means
	// slog.Default().
	Logger *slog.Logger
	// Now is the clock of every layer whose Now is nil. Nil means time.Now.
	// Context deadlines (Deadline, Retry.AttemptTimeout) run on real time.
	Now func() time.Time
	// Sleep is the wait of every layer whose Sleep is nil. Nil means a real
	// timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// DefaultRegion is the region of numbers written without a country
	// code, for every layer whose DefaultRegion is empty. Empty means
	// sms.DefaultRegion.
	DefaultRegion string

	// Deadline, when positive, adds a Timeout layer with this per-send
	// deadline just inside Logging. Zero means no such layer: the caller's
	// context, Retry's MaxElapsed and the provider's own timeout bound a
	// send, and the stack spends no timer per send (BENCHMARKS.md).
	Deadline time.Duration

	// Logging configures the Logging layer.
	Logging LoggingOptions
	// DestinationLimit configures the DestinationLimit layer; its zero
	// value adds no layer. Set it against SMS pumping: an allowlist of
	// the countries you serve, and a bucket per country.
	DestinationLimit DestinationLimitOptions
	// RecipientLimit configures the RecipientLimit layer.
	RecipientLimit RecipientLimitOptions
	// Retry configures the Retry layer.
	Retry RetryOptions
	// Breaker configures the Breaker layer.
	Breaker BreakerOptions
	// RateLimit configures the RateLimit layer; its zero value sets no
	// provider-wide limit.
	RateLimit RateLimitOptions
}

// Validate reports whether opts can work: a Deadline that is not negative,
// a known DefaultRegion, and every layer's options (each type's Validate).
// A violation wraps sms.ErrInvalidOptions and names the field, such as
// "StackOptions.RecipientLimit: RecipientLimitOptions.Verification.Policy:
// policy window 0 (0/1m0s): limit must be from 1 to 1024".
func (opts StackOptions) Validate() error {
	if err := checkNotNegative("StackOptions.Deadline", opts.Deadline); err != nil {
		return err
	}
	if err := checkRegion("StackOptions.DefaultRegion", opts.DefaultRegion); err != nil {
		return err
	}
	opts = opts.filled()
	for _, layer := range []struct {
		name string
		err  error
	}{
		{"Logging", opts.Logging.Validate()},
		{"DestinationLimit", opts.DestinationLimit.Validate()},
		{"RecipientLimit", opts.RecipientLimit.Validate()},
		{"Retry", opts.Retry.Validate()},
		{"Breaker", opts.Breaker.Validate()},
		{"RateLimit", opts.RateLimit.Validate()},
	} {
		if layer.err != nil {
			return within("StackOptions."+layer.name, layer.err)
		}
	}
	return nil
}

// NewStack returns the recommended middleware stack, outermost first, in
// the order of smskit's design guide:
//
//	Logging → DestinationLimit → RecipientLimit → Retry → Breaker → RateLimit → provider
//
// with an optional Timeout layer after Logging (StackOptions.Deadline) and
// DestinationLimit only when configured. The order is the point:
//
//   - Logging is outermost so that it writes one line per logical send with
//     the final outcome, the total duration and the number of attempts,
//     including sends that a limit rejected.
//   - Timeout, when there is one, comes next so that one deadline covers
//     everything below: all attempts, the delays between them and the
//     waits for rate-limit tokens; Logging still records its expiry.
//   - DestinationLimit comes before RecipientLimit so that messages to
//     countries or prefixes it refuses never take a place in the
//     per-number store.
//   - RecipientLimit sits outside Retry so that each message counts once,
//     however many attempts it takes, and so that its rejections (which say
//     "try in a minute") are not retried.
//   - Retry sits outside Breaker so that an open breaker's fail-fast answer
//     ends the send at once (Retry never retries ErrCircuitOpen) instead of
//     every attempt waiting on a dead provider.
//   - Breaker sits outside RateLimit so that an open breaker fails fast
//     without waiting for or spending a token, and so that rate-limit
//     rejections never reach the breaker's counts.
//   - RateLimit is innermost, next to the provider whose quota it enforces,
//     so that every attempt takes a token.
//
// Each call of the returned middleware builds its own Retry, Breaker and
// RateLimit state, one per provider; all share one DestinationLimit and
// one RecipientLimit state, so a country's and a recipient's budgets hold
// across providers.
//
// Options that cannot work return an error wrapping sms.ErrInvalidOptions
// (see Validate), and no middleware.
func NewStack(opts StackOptions) (sms.Middleware, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	// Every layer without a clock of its own shares the stack's, so that a
	// send reads it once on its way in (sendState), not once per layer.
	shared := newTimeSource(opts.Now)
	source := func(own func() time.Time) *timeSource {
		if own == nil {
			return shared
		}
		return newTimeSource(own)
	}
	logging, destination, recipient, retry, breaker, rateLimit := source(opts.Logging.Now),
		source(opts.DestinationLimit.Now), source(opts.RecipientLimit.Now), source(opts.Retry.Now),
		source(opts.Breaker.Now), source(opts.RateLimit.Now)
	opts = opts.filled()
	layers := []sms.Middleware{}
	if opts.Deadline > 0 {
		layers = append(layers, Timeout(TimeoutOptions{Timeout: opts.Deadline}))
	}
	if opts.DestinationLimit.enabled() {
		layers = append(layers, newDestinationLimit(opts.DestinationLimit, destination))
	}
	limit, err := newRecipientLimit(opts.RecipientLimit, recipient)
	if err != nil {
		return nil, within("StackOptions.RecipientLimit", err)
	}
	layers = append(layers,
		limit.middleware(),
		newRetry(opts.Retry, retry),
		newBreaker(opts.Breaker, breaker),
		newRateLimit(opts.RateLimit, rateLimit),
	)
	return sms.Chain(newLogging(opts.Logging, logging), layers...), nil
}

// Stack is NewStack for options fixed in the program: it panics with
// NewStack's error when they cannot work, as regexp.MustCompile does. Use
// NewStack when options come from configuration.
func Stack(opts StackOptions) sms.Middleware {
	mw, err := NewStack(opts)
	mustValid(err)
	return mw
}

// filled returns opts with the shared settings copied into every layer
// that leaves them unset.
func (opts StackOptions) filled() StackOptions {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	if opts.Logging.Logger == nil {
		opts.Logging.Logger = logger
	}
	if opts.Breaker.Logger == nil {
		opts.Breaker.Logger = logger
	}
	if opts.RecipientLimit.Templates == nil {
		opts.RecipientLimit.Templates = opts.Templates
	}
	for _, r := range []*string{&opts.Logging.DefaultRegion, &opts.DestinationLimit.DefaultRegion, &opts.RecipientLimit.DefaultRegion} {
		if *r == "" {
			*r = opts.DefaultRegion
		}
	}
	now := func(own func() time.Time) func() time.Time {
		if own != nil {
			return own
		}
		return opts.Now
	}
	sleep := func(own func(context.Context, time.Duration) error) func(context.Context, time.Duration) error {
		if own != nil {
			return own
		}
		return opts.Sleep
	}
	opts.Logging.Now = now(opts.Logging.Now)
	opts.DestinationLimit.Now = now(opts.DestinationLimit.Now)
	opts.RecipientLimit.Now = now(opts.RecipientLimit.Now)
	opts.Retry.Now = now(opts.Retry.Now)
	opts.Retry.Sleep = sleep(opts.Retry.Sleep)
	opts.Breaker.Now = now(opts.Breaker.Now)
	opts.RateLimit.Now = now(opts.RateLimit.Now)
	opts.RateLimit.Sleep = sleep(opts.RateLimit.Sleep)
	return opts
}
