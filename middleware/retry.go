package middleware

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/smskit/sms"
)

// RetryOptions configures Retry. The zero value makes at most 3 attempts
// within 30 seconds, with delays from 100 ms doubling up to 5 seconds.
type RetryOptions struct {
	// MaxAttempts is the most attempts per message, the first included.
	// Zero means 3.
	MaxAttempts int
	// BaseDelay is the ceiling of the first delay; each retry doubles it.
	// Zero means 100 ms.
	BaseDelay time.Duration
	// MaxDelay caps the ceiling of a delay (a RetryAfter may still be
	// longer). Zero means 5 seconds.
	MaxDelay time.Duration
	// MaxElapsed is the longest time from the first attempt to the start of
	// the last. Zero means 30 seconds.
	MaxElapsed time.Duration
	// AttemptTimeout, when positive, is a deadline for each attempt, in real
	// time (context.WithTimeout), whatever Now says.
	AttemptTimeout time.Duration
	// MinAttempt is the least time a retry needs: no retry starts unless
	// its delay plus MinAttempt fits before the context's deadline, measured
	// on real time (time.Until). Zero means 100 ms.
	MinAttempt time.Duration
	// RetryMayBeAccepted opts in to retrying transient failures (Unavailable,
	// Unknown, RateLimited, DeadlineExceeded) after which the message may
	// have been accepted. Each such retry may deliver a duplicate SMS: leave
	// it false unless duplicates are harmless and cheap.
	RetryMayBeAccepted bool
	// Now is the clock of MaxElapsed. Nil means time.Now. Context
	// deadlines are never computed from it nor compared with it: contexts
	// expire in real time.
	Now func() time.Time
	// Sleep waits for d, or returns ctx's error when ctx ends first. Nil
	// means a real timer. Tests inject one that advances their clock.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns a uniform number in [0, 1) for the jitter. Nil means
	// math/rand/v2's Float64.
	Rand func() float64
}

// Validate reports whether opts can work: no negative count or duration,
// and a BaseDelay no longer than MaxDelay when both are set. A violation
// wraps sms.ErrInvalidOptions.
func (opts RetryOptions) Validate() error {
	if err := checkCount("RetryOptions.MaxAttempts", opts.MaxAttempts); err != nil {
		return err
	}
	for _, d := range []struct {
		field string
		d     time.Duration
	}{
		{"BaseDelay", opts.BaseDelay}, {"MaxDelay", opts.MaxDelay}, {"MaxElapsed", opts.MaxElapsed},
		{"AttemptTimeout", opts.AttemptTimeout}, {"MinAttempt", opts.MinAttempt},
	} {
		if err := checkNotNegative("RetryOptions."+d.field, d.d); err != nil {
			return err
		}
	}
	if opts.BaseDelay > 0 && opts.MaxDelay > 0 && opts.BaseDelay > opts.MaxDelay {
		return optionsError("RetryOptions.BaseDelay is longer than MaxDelay")
	}
	return nil
}

// Retry returns a middleware that sends a message again after a failure
// that is retryable (sms.IsRetryable: transient and definitely not accepted),
// so that a message the provider may have accepted is never sent twice.
// A Breaker's fail-fast rejection (ErrCircuitOpen) is not retried.
//
// Delays grow exponentially with full jitter (a random delay up to a ceiling
// that doubles from BaseDelay to MaxDelay); a failure's RetryAfter is a
// lower bound on the next delay. No retry starts after MaxAttempts, after
// MaxElapsed, or when its delay plus MinAttempt does not fit before the
// context's deadline.
//
// On success Result.Attempts is the number of attempts. On failure the error
// is a *RetryError holding the last attempt's error and the count
// (AttemptsOf); errors.As, sms.CodeOf and sms.IsNotAccepted see through it.
// When an earlier attempt may have been accepted (RetryMayBeAccepted) and the
// last one was definitely not, RetryError.Err is a copy of the last
// *sms.Error with NotAccepted false, wrapping the last error: the message
// may have been accepted, so it must not be sent again.
//
// Retry panics with an error wrapping sms.ErrInvalidOptions when opts are
// not valid (see Validate).
func Retry(opts RetryOptions) sms.Middleware {
	mustValid(opts.Validate())
	return newRetry(opts, newTimeSource(opts.Now))
}

// newRetry is Retry on the time source src.
func newRetry(opts RetryOptions, src *timeSource) sms.Middleware {
	r := &retrier{opts: opts, clock: newClock(src, opts.Sleep)}
	if r.opts.MaxAttempts <= 0 {
		r.opts.MaxAttempts = 3
	}
	if r.opts.BaseDelay <= 0 {
		r.opts.BaseDelay = 100 * time.Millisecond
	}
	if r.opts.MaxDelay <= 0 {
		r.opts.MaxDelay = 5 * time.Second
	}
	if r.opts.MaxElapsed <= 0 {
		r.opts.MaxElapsed = 30 * time.Second
	}
	if r.opts.MinAttempt <= 0 {
		r.opts.MinAttempt = 100 * time.Millisecond
	}
	random := opts.Rand
	if random == nil {
		random = rand.Float64
	}
	r.backoff = backoff{base: r.opts.BaseDelay, max: r.opts.MaxDelay, rand: random}
	return func(next sms.Sender) sms.Sender {
		return &retrying{retrier: r, next: wrapNext(next)}
	}
}

type retrier struct {
	opts    RetryOptions
	clock   clock
	backoff backoff
}

type retrying struct {
	*retrier
	next nextSender
}

// Unwrap returns the Sender r wraps (sms.Wrapper).
func (r *retrying) Unwrap() sms.Sender { return r.next.next }

func (r *retrying) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	return r.sendWith(ctx, msg, sendState{})
}

func (r *retrying) sendWith(ctx context.Context, msg sms.Message, st sendState) (sms.Result, error) {
	if err := contextError(ctx); err != nil {
		return sms.Result{}, err
	}
	start := st.now(r.clock.src)
	mayBeAccepted := false // whether any attempt so far may have been accepted
	for attempt := 1; ; attempt++ {
		if attempt > 1 {
			st = st.fresh() // after a delay: the layers below read their clocks again
		}
		res, err := r.attempt(ctx, msg, st)
		if err == nil {
			res.Attempts = attempt
			return res, nil
		}
		mayBeAccepted = mayBeAccepted || !sms.IsNotAccepted(err)
		if attempt >= r.opts.MaxAttempts || !r.retryable(err) || ctx.Err() != nil {
			return res, giveUp(attempt, err, mayBeAccepted)
		}
		delay := max(r.backoff.delay(attempt), sms.RetryAfterOf(err))
		if r.clock.now().Add(delay).Sub(start) > r.opts.MaxElapsed {
			return res, giveUp(attempt, err, mayBeAccepted)
		}
		if left, ok := timeLeft(ctx); ok && delay+r.opts.MinAttempt > left {
			return res, giveUp(attempt, err, mayBeAccepted)
		}
		if r.clock.sleep(ctx, delay) != nil {
			return res, giveUp(attempt, err, mayBeAccepted)
		}
	}
}

// giveUp returns the *RetryError for the last attempt's err. When an earlier
// attempt may have been accepted and err says the last one was not, the
// message as a whole may have been accepted: the RetryError then holds a
// copy of err's *sms.Error with NotAccepted false, wrapping err, so that no
// caller, router or RecipientLimit takes it for a message safe to send again.
func giveUp(attempts int, err error, mayBeAccepted bool) *RetryError {
	if mayBeAccepted {
		if last, ok := errors.AsType[*sms.Error](err); ok && last.NotAccepted {
			c := *last
			c.NotAccepted = false
			c.Message = joinMessage(last.Message, "an earlier attempt may have been accepted")
			c.Err = err
			err = &c
		}
	}
	return &RetryError{Attempts: attempts, Err: err}
}

// joinMessage appends note to message.
func joinMessage(message, note string) string {
	if message == "" {
		return note
	}
	return message + "; " + note
}

// attempt makes one call, under AttemptTimeout when it is set.
func (r *retrying) attempt(ctx context.Context, msg sms.Message, st sendState) (sms.Result, error) {
	if r.opts.AttemptTimeout <= 0 {
		return r.next.send(ctx, msg, st)
	}
	ctx, cancel := context.WithTimeout(ctx, r.opts.AttemptTimeout) // real time, not Now
	defer cancel()
	return r.next.send(ctx, msg, st)
}

// retryable reports whether err may be retried.
func (r *retrying) retryable(err error) bool {
	if errors.Is(err, ErrCircuitOpen) {
		return false
	}
	if sms.IsRetryable(err) {
		return true
	}
	if !r.opts.RetryMayBeAccepted {
		return false
	}
	switch sms.CodeOf(err) {
	case sms.Unavailable, sms.Unknown, sms.RateLimited, sms.DeadlineExceeded:
		return true
	}
	return false
}

// RetryError is the error Retry returns when it gives up: the last attempt's
// error and the number of attempts made. Its text is the last error's text,
// followed by the count when there was more than one attempt.
type RetryError struct {
	// Attempts is the number of attempts made, at least 1.
	Attempts int
	// Err is the last attempt's error.
	Err error
}

// Error formats e as the last error's text, followed by "after N attempts"
// when Retry retried: a failure it did not retry reads as it is.
func (e *RetryError) Error() string {
	if e.Attempts <= 1 {
		return e.Err.Error()
	}
	return e.Err.Error() + " after " + strconv.Itoa(e.Attempts) + " attempts"
}

// Unwrap returns the last attempt's error.
func (e *RetryError) Unwrap() error { return e.Err }

// AttemptsOf returns the number of attempts recorded by the *RetryError in
// err's chain, or 0 when there is none.
func AttemptsOf(err error) int {
	if e, ok := errors.AsType[*RetryError](err); ok {
		return e.Attempts
	}
	return 0
}
