package middleware_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

func TestRetryRetriesOnlyWhatWasNotAccepted(t *testing.T) {
	circuitOpen := &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: "breaker", Err: middleware.ErrCircuitOpen}
	tests := []struct {
		name         string
		errs         []error
		optIn        bool
		wantCalls    int
		wantErr      bool
		wantAttempts int
	}{
		{name: "success at once", errs: nil, wantCalls: 1, wantAttempts: 1},
		{name: "unavailable then success", errs: []error{unavailable(), nil}, wantCalls: 2, wantAttempts: 2},
		{name: "throttled then success", errs: []error{throttled(0), throttled(0), nil}, wantCalls: 3, wantAttempts: 3},
		{name: "gives up after max attempts", errs: []error{unavailable()}, wantCalls: 3, wantErr: true, wantAttempts: 3},
		{name: "may have been accepted: never again", errs: []error{unknownMaybe(), nil}, wantCalls: 1, wantErr: true, wantAttempts: 1},
		{name: "deadline in flight: never again", errs: []error{sms.ContextError(context.DeadlineExceeded, false), nil}, wantCalls: 1, wantErr: true, wantAttempts: 1},
		{name: "unavailable but may have been accepted: never again", errs: []error{&sms.Error{Code: sms.Unavailable}, nil}, wantCalls: 1, wantErr: true, wantAttempts: 1},
		{name: "invalid argument: permanent", errs: []error{invalidArg(), nil}, wantCalls: 1, wantErr: true, wantAttempts: 1},
		{name: "not an *sms.Error: may have been accepted", errs: []error{errors.New("boom"), nil}, wantCalls: 1, wantErr: true, wantAttempts: 1},
		{name: "open breaker: not retried", errs: []error{circuitOpen, nil}, wantCalls: 1, wantErr: true, wantAttempts: 1},
		{name: "opt in: unknown retried", errs: []error{unknownMaybe(), nil}, optIn: true, wantCalls: 2, wantAttempts: 2},
		{name: "opt in: invalid argument still not", errs: []error{invalidArg(), nil}, optIn: true, wantCalls: 1, wantErr: true, wantAttempts: 1},
		{name: "opt in: canceled still not", errs: []error{sms.ContextError(context.Canceled, false), nil}, optIn: true, wantCalls: 1, wantErr: true, wantAttempts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := script(tt.errs...)
			sender := middleware.Retry(middleware.RetryOptions{
				RetryMayBeAccepted: tt.optIn, Now: clk.Now, Sleep: clk.Sleep,
			})(s)
			res, err := sender.Send(context.Background(), msg)
			assert.Equal(t, tt.wantCalls, s.Calls())
			if !tt.wantErr {
				require.NoError(t, err)
				assert.Equal(t, tt.wantAttempts, res.Attempts)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.wantAttempts, middleware.AttemptsOf(err))
			last := tt.errs[min(tt.wantCalls, len(tt.errs))-1]
			assert.ErrorIs(t, err, last, "the last error is returned")
			assert.Equal(t, sms.CodeOf(last), sms.CodeOf(err))
			assert.Equal(t, sms.IsNotAccepted(last), sms.IsNotAccepted(err))
		})
	}
}

func TestRetryBackoffFullJitter(t *testing.T) {
	clk := newFakeClock()
	rnd := []float64{0.5, 0.25, 0.999, 0, 0.5}
	var i int
	sender := middleware.Retry(middleware.RetryOptions{
		MaxAttempts: 6, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, MaxElapsed: time.Hour,
		Now: clk.Now, Sleep: clk.Sleep,
		Rand: func() float64 { i++; return rnd[i-1] },
	})(script(unavailable()))
	_, err := sender.Send(context.Background(), msg)
	require.Error(t, err)
	assert.Equal(t, 6, middleware.AttemptsOf(err))
	// Ceilings 100ms, 200ms, 400ms, 800ms, then capped at 1s.
	assert.Equal(t, []time.Duration{
		50 * time.Millisecond, 50 * time.Millisecond, 399600 * time.Microsecond, 0, 500 * time.Millisecond,
	}, clk.Slept())
	assert.Equal(t, "sms: test: unavailable: outage (not accepted) after 6 attempts", err.Error())
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	clk := newFakeClock()
	sender := middleware.Retry(middleware.RetryOptions{
		Now: clk.Now, Sleep: clk.Sleep, Rand: func() float64 { return 0.5 },
	})(script(throttled(2*time.Second), nil))
	res, err := sender.Send(context.Background(), msg)
	require.NoError(t, err)
	assert.Equal(t, 2, res.Attempts)
	assert.Equal(t, []time.Duration{2 * time.Second}, clk.Slept())
}

func TestRetryStopsAtTheLimits(t *testing.T) {
	tests := []struct {
		name      string
		opts      middleware.RetryOptions
		deadline  time.Duration
		retryIn   time.Duration // RetryAfter of every failure
		wantCalls int
	}{
		{name: "max elapsed", opts: middleware.RetryOptions{MaxAttempts: 10, MaxElapsed: 5 * time.Second}, retryIn: 2 * time.Second, wantCalls: 3},
		{name: "deadline leaves no room for delay and attempt", opts: middleware.RetryOptions{MaxAttempts: 3, MinAttempt: 4 * time.Second}, deadline: 4500 * time.Millisecond, retryIn: time.Second, wantCalls: 1},
		{name: "deadline leaves room for delay and attempt", opts: middleware.RetryOptions{MaxAttempts: 3, MinAttempt: 3 * time.Second}, deadline: 4500 * time.Millisecond, retryIn: time.Second, wantCalls: 3},
		{name: "retry after beyond the deadline", opts: middleware.RetryOptions{MaxAttempts: 10}, deadline: 10 * time.Second, retryIn: time.Minute, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			tt.opts.Now, tt.opts.Sleep = clk.Now, clk.Sleep
			tt.opts.Rand = func() float64 { return 0 }
			s := script(throttled(tt.retryIn))
			ctx := context.Background()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.deadline) // real time: Sleep takes none
				defer cancel()
			}
			_, err := middleware.Retry(tt.opts)(s).Send(ctx, msg)
			require.Error(t, err)
			assert.Equal(t, tt.wantCalls, s.Calls())
			assert.Equal(t, tt.wantCalls, middleware.AttemptsOf(err))
		})
	}
}

func TestRetryStopsWhenTheCallerCancels(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		cancel()
		return sms.Result{}, unavailable()
	})
	clk := newFakeClock()
	_, err := middleware.Retry(middleware.RetryOptions{Now: clk.Now, Sleep: clk.Sleep})(s).Send(ctx, msg)
	assert.Equal(t, 1, middleware.AttemptsOf(err))
	assert.Empty(t, clk.Slept())
}

// TestRetryAttemptTimeout checks that each attempt's deadline runs on real
// time: computed from an injected clock far behind real time, a one-hour
// AttemptTimeout gave an attempt that had already expired.
func TestRetryAttemptTimeout(t *testing.T) {
	tests := []struct {
		name string
		now  func() time.Time
	}{
		{name: "test clock an hour ahead", now: newFakeClock().Now},
		{name: "clock far behind real time", now: farBehind},
		{name: "clock far ahead of real time", now: farAhead},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ctxs []context.Context
			var errsAtCall []error
			s := sms.SenderFunc(func(ctx context.Context, _ sms.Message) (sms.Result, error) {
				ctxs, errsAtCall = append(ctxs, ctx), append(errsAtCall, ctx.Err())
				if len(ctxs) == 1 {
					return sms.Result{}, unavailable()
				}
				return sms.Result{Provider: "test"}, nil
			})
			sender := middleware.Retry(middleware.RetryOptions{
				AttemptTimeout: time.Hour, Now: tt.now,
				Sleep: func(context.Context, time.Duration) error { return nil },
			})(s)
			before := time.Now()
			res, err := sender.Send(context.Background(), msg)
			after := time.Now()
			require.NoError(t, err)
			assert.Equal(t, 2, res.Attempts)
			assert.Equal(t, []error{nil, nil}, errsAtCall, "an attempt got an expired context")
			for _, ctx := range ctxs {
				assertDeadlineIn(t, ctx, before, after, time.Hour)
			}
		})
	}
}

// TestRetryNeverReportsMayBeAcceptedAsNotAccepted checks that once an attempt
// may have been accepted (RetryMayBeAccepted), the final error never says the
// message was definitely not accepted, even when the last attempt's error
// does: a router would fail over, RecipientLimit would refund, and the caller
// would send again, a duplicate.
func TestRetryNeverReportsMayBeAcceptedAsNotAccepted(t *testing.T) {
	tests := []struct {
		name            string
		errs            []error
		breaker         bool // Retry → Breaker{ConsecutiveFailures: 1} → sender
		wantCalls       int
		wantCode        sms.Code
		wantNotAccepted bool
		wantNote        bool // the message says an earlier attempt may have been accepted
		wantIs          error
	}{
		{name: "unknown then unavailable", errs: []error{unknownMaybe(), unavailable()},
			wantCalls: 2, wantCode: sms.Unavailable, wantNote: true},
		{name: "unknown then throttled", errs: []error{unknownMaybe(), throttled(time.Second)},
			wantCalls: 2, wantCode: sms.RateLimited, wantNote: true},
		{name: "unavailable then unknown then unavailable", errs: []error{unavailable(), unknownMaybe(), unavailable()},
			wantCalls: 3, wantCode: sms.Unavailable, wantNote: true},
		{name: "unknown then invalid argument", errs: []error{unknownMaybe(), invalidArg()},
			wantCalls: 2, wantCode: sms.InvalidArgument, wantNote: true},
		{name: "unknown then an open breaker", errs: []error{unknownMaybe(), nil}, breaker: true,
			wantCalls: 1, wantCode: sms.Unavailable, wantNote: true, wantIs: middleware.ErrCircuitOpen},
		{name: "every attempt not accepted stays not accepted", errs: []error{unavailable(), unavailable()},
			wantCalls: 2, wantCode: sms.Unavailable, wantNotAccepted: true},
		{name: "last attempt may have been accepted", errs: []error{unavailable(), unknownMaybe()},
			wantCalls: 2, wantCode: sms.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := script(tt.errs...)
			var next sms.Sender = s
			if tt.breaker {
				next = middleware.Breaker(middleware.BreakerOptions{ConsecutiveFailures: 1, Now: clk.Now})(s)
			}
			sender := middleware.Retry(middleware.RetryOptions{
				MaxAttempts: len(tt.errs), MaxElapsed: time.Hour, RetryMayBeAccepted: true,
				Now: clk.Now, Sleep: clk.Sleep,
			})(next)
			_, err := sender.Send(context.Background(), msg)
			require.Error(t, err)
			assert.Equal(t, tt.wantCalls, s.Calls())
			assert.Equal(t, tt.wantCode, sms.CodeOf(err))
			assert.Equal(t, tt.wantNotAccepted, sms.IsNotAccepted(err))
			if !tt.wantNotAccepted {
				assert.False(t, sms.IsRetryable(err))
			}
			last := tt.errs[min(tt.wantCalls, len(tt.errs))-1]
			if tt.wantIs != nil {
				last = tt.wantIs
			}
			assert.ErrorIs(t, err, last, "the last attempt's error is still reachable")
			assert.Equal(t, tt.wantNote, strings.Contains(err.Error(), "an earlier attempt may have been accepted"), err.Error())
			assert.NotContains(t, err.Error(), msg.To)
			assert.NotContains(t, err.Error(), "482915")
		})
	}
}

func TestAttemptsOf(t *testing.T) {
	assert.Zero(t, middleware.AttemptsOf(nil))
	assert.Zero(t, middleware.AttemptsOf(unavailable()))
	err := &middleware.RetryError{Attempts: 1, Err: unavailable()}
	assert.Equal(t, 1, middleware.AttemptsOf(err))
	assert.Equal(t, "sms: test: unavailable: outage (not accepted)", err.Error(), "one attempt: nothing was retried")
	assert.True(t, sms.IsRetryable(err))
	assert.Equal(t, sms.Unavailable, sms.CodeOf(err))
}

func TestRetryRace(t *testing.T) {
	// Each message fails its first attempt and succeeds on its second,
	// whatever the interleaving: attempts are told apart by their context.
	type sendKey struct{}
	var seen sync.Map
	s := sms.SenderFunc(func(ctx context.Context, _ sms.Message) (sms.Result, error) {
		if _, again := seen.LoadOrStore(ctx.Value(sendKey{}), true); !again {
			return sms.Result{}, unavailable()
		}
		return sms.Result{}, nil
	})
	clk := newFakeClock() // shared: every goroutine's sleeps advance it
	sender := middleware.Retry(middleware.RetryOptions{MaxElapsed: 1e6 * time.Hour, Now: clk.Now, Sleep: clk.Sleep})(s)
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for i := range 50 {
				ctx := context.WithValue(context.Background(), sendKey{}, [2]int{g, i})
				res, err := sender.Send(ctx, msg)
				assert.NoError(t, err)
				assert.Equal(t, 2, res.Attempts)
			}
		})
	}
	wg.Wait()
}
