package middleware

import (
	"context"
	"time"

	"golang.org/x/time/rate"

	"github.com/smskit/sms"
)

// RateLimitOptions configures RateLimit. The zero value sets no limit.
type RateLimitOptions struct {
	// Limit is the provider's rate, in sends per second, such as the QPS
	// quota of the account (rate.Every(10*time.Millisecond) is 100 per
	// second). Zero or rate.Inf means no limit.
	Limit rate.Limit
	// Burst is how many sends may go at once after a quiet period. Zero
	// means 1: sends are evenly spaced, which is what providers that count
	// per second expect.
	Burst int
	// MaxWait caps how long a send waits for its turn. Zero means as long as
	// the context's deadline allows (forever without a deadline); negative
	// means never wait: reject at once.
	MaxWait time.Duration
	// Now is the clock of the token bucket. Nil means time.Now. Whether a
	// wait fits before the context's deadline is measured on real time,
	// since contexts expire in real time.
	Now func() time.Time
	// Sleep waits for d, or returns ctx's error when ctx ends first. Nil
	// means a real timer. Tests inject one that advances their clock.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Validate reports whether opts can work: a Limit and a Burst that are not
// negative. A violation wraps sms.ErrInvalidOptions.
func (opts RateLimitOptions) Validate() error {
	if opts.Limit < 0 || opts.Limit != opts.Limit {
		return optionsError("RateLimitOptions.Limit is negative; zero means no limit")
	}
	return checkCount("RateLimitOptions.Burst", opts.Burst)
}

// RateLimit returns a middleware that keeps sends under a provider-wide rate
// with a token bucket (golang.org/x/time/rate).
//
// A send that must wait for its turn waits, if the wait fits both MaxWait and
// the context's deadline; otherwise it is rejected at once with an *sms.Error
// of code RateLimited, NotAccepted, Provider "ratelimit", and RetryAfter set
// to the wait it would have needed. A context that ends during the wait gives
// Canceled or DeadlineExceeded, NotAccepted, naming no provider: it is the
// caller's. A rejected or abandoned send gives its token back.
//
// Each Sender the middleware wraps gets its own bucket: wrap each provider
// with its own quota. Place it innermost, so that every attempt of a retried
// message takes a token. RateLimit panics with an error wrapping
// sms.ErrInvalidOptions when opts are not valid (see Validate).
func RateLimit(opts RateLimitOptions) sms.Middleware {
	mustValid(opts.Validate())
	return newRateLimit(opts, newTimeSource(opts.Now))
}

// newRateLimit is RateLimit on the time source src.
func newRateLimit(opts RateLimitOptions, src *timeSource) sms.Middleware {
	c := newClock(src, opts.Sleep)
	return func(next sms.Sender) sms.Sender {
		if opts.Limit == 0 || opts.Limit == rate.Inf {
			return next
		}
		burst := opts.Burst
		if burst <= 0 {
			burst = 1
		}
		return &rateLimiter{
			next:    wrapNext(next),
			clock:   c,
			limiter: rate.NewLimiter(opts.Limit, burst),
			maxWait: opts.MaxWait,
		}
	}
}

type rateLimiter struct {
	next    nextSender
	clock   clock
	limiter *rate.Limiter
	maxWait time.Duration
}

// rateLimitProvider names the RateLimit middleware in its errors.
const rateLimitProvider = "ratelimit"

// Unwrap returns the Sender l wraps (sms.Wrapper).
func (l *rateLimiter) Unwrap() sms.Sender { return l.next.next }

func (l *rateLimiter) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	return l.sendWith(ctx, msg, sendState{})
}

func (l *rateLimiter) sendWith(ctx context.Context, msg sms.Message, st sendState) (sms.Result, error) {
	if err := contextError(ctx); err != nil {
		return sms.Result{}, err
	}
	now := st.now(l.clock.src)
	if l.limiter.AllowN(now, 1) { // the fast path does not allocate
		return l.next.send(ctx, msg, st)
	}
	r := l.limiter.ReserveN(now, 1)
	if !r.OK() {
		return sms.Result{}, l.reject(0, "rate limit allows no sends")
	}
	delay := r.DelayFrom(now)
	if !l.fits(ctx, delay) {
		r.CancelAt(now)
		return sms.Result{}, l.reject(delay, "provider send rate exceeded")
	}
	if err := l.clock.sleep(ctx, delay); err != nil {
		r.CancelAt(l.clock.now())
		return sms.Result{}, sms.ContextError(err, true) // the caller's, not the limiter's
	}
	return l.next.send(ctx, msg, st.fresh())
}

// fits reports whether a wait of delay is allowed by MaxWait and ctx.
func (l *rateLimiter) fits(ctx context.Context, delay time.Duration) bool {
	if l.maxWait < 0 || (l.maxWait > 0 && delay > l.maxWait) {
		return false
	}
	left, ok := timeLeft(ctx)
	return !ok || delay < left
}

func (l *rateLimiter) reject(retryAfter time.Duration, message string) error {
	return &sms.Error{
		Code:        sms.RateLimited,
		NotAccepted: true,
		Provider:    rateLimitProvider,
		RetryAfter:  retryAfter,
		Message:     message,
	}
}
