package middleware

import (
	"context"
	"log/slog"
	"time"

	"github.com/smskit/sms"
)

// StackOptions configures Stack: one options struct per layer, plus a clock
// and a logger shared by every layer that leaves its own unset. The zero
// value is a production-ready stack with every layer's defaults and no
// provider-wide rate limit.
type StackOptions struct {
	// Logger is used by Logging and Breaker when theirs is nil. Nil means
	// slog.Default().
	Logger *slog.Logger
	// Now is the clock of every layer whose Now is nil. Nil means time.Now.
	// Context deadlines (Deadline, Retry.AttemptTimeout) run on real time.
	Now func() time.Time
	// Sleep is the wait of every layer whose Sleep is nil. Nil means a real
	// timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Region is the region of numbers written without a country code, for
	// Logging and RecipientLimit when theirs is empty. Empty means
	// sms.DefaultRegion.
	Region string

	// Deadline, when positive, adds a Timeout layer with this per-send
	// deadline just inside Logging. Zero means no such layer: the caller's
	// context, Retry's MaxElapsed and the provider's own timeout bound a
	// send, and the stack spends no timer per send (BENCHMARKS.md).
	Deadline time.Duration

	// Logging configures the Logging layer.
	Logging LoggingOptions
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

// Stack returns the recommended middleware stack, outermost first, in the
// order of smskit's design guide:
//
//	Logging → RecipientLimit → Retry → Breaker → RateLimit → provider
//
// with an optional Timeout layer after Logging (StackOptions.Deadline).
// The order is the point:
//
//   - Logging is outermost so that it writes one line per logical send with
//     the final outcome, the total duration and the number of attempts,
//     including sends that a limit rejected.
//   - Timeout, when there is one, comes next so that one deadline covers
//     everything below: all attempts, the delays between them and the
//     waits for rate-limit tokens; Logging still records its expiry.
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
// RateLimit state, one per provider; all share one RecipientLimit
// store, so a recipient's budget holds across providers.
func Stack(opts StackOptions) sms.Middleware {
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
	if opts.Logging.Region == "" {
		opts.Logging.Region = opts.Region
	}
	if opts.RecipientLimit.Region == "" {
		opts.RecipientLimit.Region = opts.Region
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
	opts.RecipientLimit.Now = now(opts.RecipientLimit.Now)
	opts.Retry.Now = now(opts.Retry.Now)
	opts.Retry.Sleep = sleep(opts.Retry.Sleep)
	opts.Breaker.Now = now(opts.Breaker.Now)
	opts.RateLimit.Now = now(opts.RateLimit.Now)
	opts.RateLimit.Sleep = sleep(opts.RateLimit.Sleep)
	layers := []sms.Middleware{
		RecipientLimit(opts.RecipientLimit),
		Retry(opts.Retry),
		Breaker(opts.Breaker),
		RateLimit(opts.RateLimit),
	}
	if opts.Deadline > 0 {
		layers = append([]sms.Middleware{Timeout(TimeoutOptions{Timeout: opts.Deadline})}, layers...)
	}
	return sms.Chain(Logging(opts.Logging), layers...)
}
