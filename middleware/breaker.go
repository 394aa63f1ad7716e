package middleware

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"sync/atomic"
	"time"

	"github.com/sony/gobreaker/v2"

	"github.com/smskit/sms"
)

// BreakerOptions configures Breaker. The zero value opens after 5
// consecutive provider failures and probes again after 30 seconds.
type BreakerOptions struct {
	// Name names the breaker in logs and OnStateChange, such as the
	// provider's name. Empty means "breaker".
	Name string
	// Failures is how many consecutive provider failures open the breaker.
	// Zero means 5.
	Failures uint32
	// OpenTimeout is how long the breaker stays open before it lets probes
	// through (half-open). Zero means 30 seconds.
	OpenTimeout time.Duration
	// Probes is how many sends may test the provider while half-open; that
	// many successes in a row close the breaker, one failure opens it
	// again. Zero means 1.
	Probes uint32
	// MinDeadline is the least time a send must have had for an expired
	// deadline to count as the provider's failure, measured on real time
	// (time.Until the context's deadline), not on Now. Zero means one
	// second.
	MinDeadline time.Duration
	// OnStateChange, when set, is called on every change of state, with the
	// breaker's lock held: it must not block or call the sender.
	OnStateChange func(name string, from, to gobreaker.State)
	// Logger, when set, logs every change of state: a warning when the
	// breaker opens, information otherwise.
	Logger *slog.Logger
	// Now is the clock that times the open state. Nil means time.Now.
	Now func() time.Time
}

// ErrCircuitOpen is wrapped in the *sms.Error a Breaker returns when it
// fails fast. Retry never retries it: an open breaker means the provider is
// down, and retrying would only wait for the same answer.
var ErrCircuitOpen = errors.New("middleware: circuit breaker is open")

// breakerProvider names the Breaker middleware in its errors.
const breakerProvider = "breaker"

// Breaker returns a middleware that stops calling a provider that keeps
// failing (github.com/sony/gobreaker/v2), so that an outage costs
// microseconds per send instead of a timeout, and the provider gets room to
// recover.
//
// Only provider-side failures count: Unavailable; Unknown when the message
// may have been accepted (not sms.IsNotAccepted); and DeadlineExceeded when
// the send had at least MinDeadline. Unknown and NotAccepted is a definite
// answer the provider gave, such as an error code smskit does not list: the
// provider is up, and counting it would let one recipient chosen by an
// attacker open the breaker for every recipient. Invalid input,
// permission and quota errors, rate-limit rejections, the caller's
// cancellation and short deadlines count neither as failures nor as
// successes (gobreaker's IsExcluded), so a flood of invalid numbers never
// opens the breaker and never closes a half-open one.
//
// While open, sends fail at once, without reaching the provider, with an
// *sms.Error of code Unavailable, NotAccepted, Provider "breaker", wrapping
// ErrCircuitOpen, with RetryAfter set to the time left until the breaker
// lets probes through.
//
// gobreaker v2.4.0 reads time.Now itself, so the open state is timed here
// with Now instead: gobreaker's own timeout is one nanosecond and the
// breaker lets no send reach the provider before OpenTimeout has passed on
// Now, not even one that raced with the send that opened it (such a send
// fails fast like the others, and counts neither way).
//
// Each Sender the middleware wraps gets its own breaker.
func Breaker(opts BreakerOptions) sms.Middleware {
	if opts.Name == "" {
		opts.Name = breakerProvider
	}
	if opts.Failures == 0 {
		opts.Failures = 5
	}
	if opts.OpenTimeout <= 0 {
		opts.OpenTimeout = 30 * time.Second
	}
	if opts.MinDeadline <= 0 {
		opts.MinDeadline = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return func(next sms.Sender) sms.Sender {
		b := &breaker{next: next, opts: opts}
		b.cb = gobreaker.NewCircuitBreaker[sms.Result](gobreaker.Settings{
			Name:        opts.Name,
			MaxRequests: opts.Probes,
			Timeout:     time.Nanosecond,
			ReadyToTrip: func(c gobreaker.Counts) bool {
				return c.ConsecutiveFailures >= opts.Failures
			},
			IsExcluded:    isUncounted,
			OnStateChange: b.stateChanged,
		})
		return b
	}
}

type breaker struct {
	next      sms.Sender
	opts      BreakerOptions
	cb        *gobreaker.CircuitBreaker[sms.Result]
	openUntil atomic.Int64 // unix nanoseconds on opts.Now; 0 when not open
}

func (b *breaker) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	if err := ctx.Err(); err != nil {
		e := sms.ContextError(err, true)
		e.Provider = breakerProvider
		return sms.Result{}, e
	}
	if until := b.openUntil.Load(); until != 0 {
		if now := b.opts.Now().UnixNano(); now < until {
			return sms.Result{}, b.open(time.Duration(until-now), "circuit breaker is open")
		}
	}
	left := time.Duration(math.MaxInt64) // time the provider was given
	if l, ok := timeLeft(ctx); ok {
		left = l
	}
	res, err := b.cb.Execute(func() (sms.Result, error) {
		// A send that found the breaker closed may get here after another
		// opened it: gobreaker's one-nanosecond timeout has then let it
		// through, half-open. It must not reach the provider before
		// OpenTimeout; excluded, it frees the half-open slot.
		if until := b.openUntil.Load(); until != 0 {
			if now := b.opts.Now().UnixNano(); now < until {
				return sms.Result{}, &uncounted{b.open(time.Duration(until-now), "circuit breaker is open")}
			}
		}
		res, err := b.next.Send(ctx, msg)
		if err != nil && !b.counts(ctx, left, err) {
			return res, &uncounted{err}
		}
		return res, err
	})
	switch {
	case err == nil:
		return res, nil
	case errors.Is(err, gobreaker.ErrOpenState):
		return sms.Result{}, b.open(0, "circuit breaker is open")
	case errors.Is(err, gobreaker.ErrTooManyRequests):
		return sms.Result{}, b.open(0, "circuit breaker is half-open and busy probing")
	}
	if u, ok := err.(*uncounted); ok {
		err = u.err
	}
	return res, err
}

// counts reports whether err is the provider's failure.
// left is the time the send had before its context's deadline.
func (b *breaker) counts(ctx context.Context, left time.Duration, err error) bool {
	switch sms.CodeOf(err) {
	case sms.Unavailable:
		return !errors.Is(ctx.Err(), context.Canceled)
	case sms.Unknown: // NotAccepted means the provider answered: it is up
		return !sms.IsNotAccepted(err) && !errors.Is(ctx.Err(), context.Canceled)
	case sms.DeadlineExceeded:
		return left >= b.opts.MinDeadline
	}
	return false
}

func (b *breaker) stateChanged(name string, from, to gobreaker.State) {
	switch {
	case to == gobreaker.StateOpen:
		b.openUntil.Store(b.opts.Now().Add(b.opts.OpenTimeout).UnixNano())
	case from == gobreaker.StateOpen && b.opts.Now().UnixNano() < b.openUntil.Load():
		// gobreaker's own timeout passed, not OpenTimeout on Now: keep the
		// breaker open for Send.
	default:
		b.openUntil.Store(0)
	}
	if b.opts.OnStateChange != nil {
		b.opts.OnStateChange(name, from, to)
	}
	if b.opts.Logger != nil {
		level := slog.LevelInfo
		if to == gobreaker.StateOpen {
			level = slog.LevelWarn
		}
		b.opts.Logger.LogAttrs(context.Background(), level, "sms circuit breaker "+to.String(),
			slog.String("breaker", name),
			slog.String("from", from.String()),
			slog.String("to", to.String()))
	}
}

func (b *breaker) open(retryAfter time.Duration, message string) error {
	return &sms.Error{
		Code:        sms.Unavailable,
		NotAccepted: true,
		Provider:    breakerProvider,
		RetryAfter:  retryAfter,
		Message:     message,
		Err:         ErrCircuitOpen,
	}
}

// uncounted marks an error the breaker ignores (gobreaker's IsExcluded).
type uncounted struct{ err error }

func (u *uncounted) Error() string { return u.err.Error() }

func isUncounted(err error) bool {
	_, ok := err.(*uncounted)
	return ok
}
