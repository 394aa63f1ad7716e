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

// BreakerOptions configures Breaker. The zero value opens when at least
// half of at least 100 counted sends in the last minute failed, or after 15
// failures in a row, and probes again after 30 seconds.
type BreakerOptions struct {
	// Name names the breaker in logs and OnStateChange, such as the
	// provider's name. Empty means "breaker".
	Name string
	// FailureRatio opens the breaker when at least this fraction of the
	// counted sends in the last Window failed, once there were at least
	// MinRequests of them. Zero means DefaultFailureRatio (0.5); negative
	// turns this rule off (ConsecutiveFailures must then stay on); above 1
	// is invalid.
	FailureRatio float64
	// MinRequests is the least number of counted sends in Window before
	// FailureRatio can open the breaker. Zero means DefaultMinRequests
	// (100).
	MinRequests uint32
	// Window is how far back FailureRatio looks, on Now; it slides by a
	// tenth of its length at a time. Zero means DefaultBreakerWindow (one
	// minute).
	Window time.Duration
	// ConsecutiveFailures also opens the breaker after this many counted
	// failures in a row, whatever the ratio: the rule that catches an
	// outage when traffic is too low for MinRequests. Zero means
	// DefaultConsecutiveFailures (15); negative turns the rule off. Keep it
	// long: 5 in a row, the breaker's only rule before, happens every few
	// seconds on a provider that fails 30% of calls under load
	// (BENCHMARKS.md).
	ConsecutiveFailures int
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
	OnStateChange func(name string, from, to BreakerState)
	// Logger, when set, logs every change of state: a warning when the
	// breaker opens, information otherwise.
	Logger *slog.Logger
	// Now is the clock of the window and the open state. Nil means
	// time.Now.
	Now func() time.Time
}

// The defaults of BreakerOptions' rules. Against a provider that fails 30%
// of calls at random they never opened in simulated runs from 20 sends a
// minute (24 hours) to 320 sends a second (TestBreakerFalseTrips,
// BENCHMARKS.md), where 5 failures in a row, the old default, opened the
// breaker up to twice a minute and refused up to 95% of the sends. Against
// an outage they open after 100 sends in a minute under load, or after 15
// failed sends in a row at any rate. A ratio over Hystrix's 20 requests
// alone opened about 200 times a day at 20 sends a minute: small samples
// are noisy.
const (
	// DefaultFailureRatio is BreakerOptions.FailureRatio's default.
	DefaultFailureRatio = 0.5
	// DefaultMinRequests is BreakerOptions.MinRequests's default.
	DefaultMinRequests = 100
	// DefaultBreakerWindow is BreakerOptions.Window's default.
	DefaultBreakerWindow = time.Minute
	// DefaultConsecutiveFailures is BreakerOptions.ConsecutiveFailures's
	// default.
	DefaultConsecutiveFailures = 15
)

// Validate reports whether opts can work: a FailureRatio of at most 1, a
// rule that can open the breaker (FailureRatio or ConsecutiveFailures),
// and durations that are not negative. A violation wraps
// sms.ErrInvalidOptions.
func (opts BreakerOptions) Validate() error {
	switch {
	case opts.FailureRatio > 1 || opts.FailureRatio != opts.FailureRatio: // NaN too
		return optionsError("BreakerOptions.FailureRatio must be at most 1 (negative turns the rule off)")
	case opts.FailureRatio < 0 && opts.ConsecutiveFailures < 0:
		return optionsError("BreakerOptions: the breaker could never open: FailureRatio and ConsecutiveFailures are both negative (off)")
	}
	if err := checkNotNegative("BreakerOptions.Window", opts.Window); err != nil {
		return err
	}
	if opts.Window > 0 && opts.Window < time.Second {
		return optionsError("BreakerOptions.Window is shorter than a second")
	}
	if err := checkNotNegative("BreakerOptions.OpenTimeout", opts.OpenTimeout); err != nil {
		return err
	}
	return checkNotNegative("BreakerOptions.MinDeadline", opts.MinDeadline)
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
// The breaker opens on a failure ratio: when at least FailureRatio of the
// counted sends in the last Window failed, and there were at least
// MinRequests of them; and after a long run of ConsecutiveFailures, which
// catches an outage when traffic is low. A provider that fails now and
// then, even often, keeps its traffic; one that is down loses it at once.
//
// Only provider-side failures count: Unavailable; Unknown when the message
// may have been accepted (not sms.IsNotAccepted); and DeadlineExceeded when
// the send had at least MinDeadline. Unknown and NotAccepted is a definite
// answer the provider gave, such as an error code smskit does not list: the
// provider is up, and counting it would let one recipient chosen by an
// attacker open the breaker for every recipient. Invalid input,
// permission and quota errors, rate-limit rejections, the caller's
// cancellation and short deadlines count neither as failures nor as
// successes, so a flood of invalid numbers never opens the breaker and
// never closes a half-open one (nor uses up a probe). A Sender that panics
// counts as a failure, and the panic goes on.
//
// While open, sends fail at once, without reaching the provider, with an
// *sms.Error of code Unavailable, NotAccepted, Provider "breaker", wrapping
// ErrCircuitOpen, with RetryAfter set to the time left until the breaker
// lets probes through. That holds for a send that found the breaker
// closed and reached it just after another send opened it: it fails fast
// like the others and counts neither way. Once OpenTimeout has passed on
// Now, the breaker is half-open: Probes sends go through, the others fail
// fast without RetryAfter; Probes successes in a row close it, one failure
// opens it again. The open state, the window and OpenTimeout are all timed
// on Now. A send whose context has already ended is the caller's: it fails
// with Canceled or DeadlineExceeded, naming no provider, and is not
// counted.
//
// gobreaker v2.4.0 reads time.Now itself, so the window and the open state
// are timed here with Now instead: gobreaker's own timeout is one
// nanosecond and the breaker lets no send reach the provider before
// OpenTimeout has passed on Now, not even one that raced with the send
// that opened it.
//
// Each Sender the middleware wraps gets its own breaker. Breaker panics
// with an error wrapping sms.ErrInvalidOptions when opts are not valid (see
// Validate).
func Breaker(opts BreakerOptions) sms.Middleware {
	mustValid(opts.Validate())
	return newBreaker(opts, newTimeSource(opts.Now))
}

// newBreaker is Breaker on the time source src.
func newBreaker(opts BreakerOptions, src *timeSource) sms.Middleware {
	if opts.Name == "" {
		opts.Name = breakerProvider
	}
	if opts.FailureRatio == 0 {
		opts.FailureRatio = DefaultFailureRatio
	}
	if opts.ConsecutiveFailures == 0 {
		opts.ConsecutiveFailures = DefaultConsecutiveFailures
	}
	if opts.MinRequests == 0 {
		opts.MinRequests = DefaultMinRequests
	}
	if opts.Window == 0 {
		opts.Window = DefaultBreakerWindow
	}
	if opts.OpenTimeout == 0 {
		opts.OpenTimeout = 30 * time.Second
	}
	if opts.MinDeadline == 0 {
		opts.MinDeadline = time.Second
	}
	if opts.Probes == 0 {
		opts.Probes = 1
	}
	return func(next sms.Sender) sms.Sender {
		b := &breaker{next: wrapNext(next), opts: opts, src: src, window: newFailureWindow(int64(opts.Window))}
		b.cb = gobreaker.NewCircuitBreaker[sms.Result](gobreaker.Settings{
			Name:          opts.Name,
			MaxRequests:   opts.Probes,
			Timeout:       time.Nanosecond,
			ReadyToTrip:   b.readyToTrip,
			IsExcluded:    isUncounted,
			OnStateChange: b.stateChanged,
		})
		return b
	}
}

type breaker struct {
	next      nextSender
	opts      BreakerOptions
	src       *timeSource // the clock: opts.Now
	cb        *gobreaker.CircuitBreaker[sms.Result]
	window    *failureWindow
	openUntil atomic.Int64 // unix nanoseconds on src; 0 when not open
}

// Unwrap returns the Sender b wraps (sms.Wrapper).
func (b *breaker) Unwrap() sms.Sender { return b.next.next }

func (b *breaker) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	return b.sendWith(ctx, msg, sendState{})
}

func (b *breaker) sendWith(ctx context.Context, msg sms.Message, st sendState) (sms.Result, error) {
	if err := contextError(ctx); err != nil {
		return sms.Result{}, err
	}
	if until := b.openUntil.Load(); until != 0 {
		if now := st.now(b.src).UnixNano(); now < until {
			return sms.Result{}, b.open(time.Duration(until-now), "circuit breaker is open")
		}
	}
	left := time.Duration(math.MaxInt64) // time the provider was given
	if l, ok := st.timeLeft(ctx); ok {
		left = l
	}
	res, err := b.cb.Execute(func() (sms.Result, error) {
		// A send that found the breaker closed may get here after another
		// opened it: gobreaker's one-nanosecond timeout has then let it
		// through, half-open. It must not reach the provider before
		// OpenTimeout; excluded, it frees the half-open slot.
		if until := b.openUntil.Load(); until != 0 {
			if now := st.now(b.src).UnixNano(); now < until {
				return sms.Result{}, &uncounted{b.open(time.Duration(until-now), "circuit breaker is open")}
			}
		}
		res, err := b.next.send(ctx, msg, st)
		if err != nil && !b.counts(ctx, left, err) {
			return res, &uncounted{err}
		}
		b.window.record(b.src.now().UnixNano(), err != nil) // when the answer came
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

// readyToTrip is gobreaker's ReadyToTrip: called after each counted
// failure while closed, with gobreaker's lock held.
func (b *breaker) readyToTrip(c gobreaker.Counts) bool {
	if n := b.opts.ConsecutiveFailures; n > 0 && c.ConsecutiveFailures >= uint32(n) {
		return true
	}
	if b.opts.FailureRatio < 0 {
		return false
	}
	requests, failures := b.window.totals(b.src.now().UnixNano())
	return requests >= b.opts.MinRequests && float64(failures) >= b.opts.FailureRatio*float64(requests)
}

// stateChanged is gobreaker's OnStateChange, called with gobreaker's lock
// held.
func (b *breaker) stateChanged(name string, gFrom, gTo gobreaker.State) {
	from, to := breakerState(gFrom), breakerState(gTo)
	b.window.reset() // each closed period counts afresh, as gobreaker's counts do
	switch {
	case to == BreakerOpen:
		b.openUntil.Store(b.src.now().Add(b.opts.OpenTimeout).UnixNano())
	case from == BreakerOpen && b.src.now().UnixNano() < b.openUntil.Load():
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
		if to == BreakerOpen {
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
