package middleware_test

import (
	"context"
	"errors"
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
		{name: "deadline leaves no room for delay and attempt", opts: middleware.RetryOptions{MaxAttempts: 10, MinAttempt: time.Second}, deadline: 4500 * time.Millisecond, retryIn: time.Second, wantCalls: 4},
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
				ctx, cancel = context.WithDeadline(ctx, clk.Now().Add(tt.deadline))
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

func TestRetryAttemptTimeout(t *testing.T) {
	clk := newFakeClock()
	s := script(unavailable(), nil)
	sender := middleware.Retry(middleware.RetryOptions{AttemptTimeout: 3 * time.Second, Now: clk.Now, Sleep: clk.Sleep, Rand: func() float64 { return 0 }})(s)
	start := clk.Now()
	_, err := sender.Send(context.Background(), msg)
	require.NoError(t, err)
	for i := range 2 {
		d, ok := s.Ctx(i).Deadline()
		require.True(t, ok)
		assert.Equal(t, start.Add(3*time.Second), d)
	}
}

func TestAttemptsOf(t *testing.T) {
	assert.Zero(t, middleware.AttemptsOf(nil))
	assert.Zero(t, middleware.AttemptsOf(unavailable()))
	err := &middleware.RetryError{Attempts: 1, Err: unavailable()}
	assert.Equal(t, 1, middleware.AttemptsOf(err))
	assert.Equal(t, "sms: test: unavailable: outage (not accepted) after 1 attempt", err.Error())
	assert.True(t, sms.IsRetryable(err))
	assert.Equal(t, sms.Unavailable, sms.CodeOf(err))
}

func TestRetryRace(t *testing.T) {
	var mu sync.Mutex
	n := 0
	s := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		mu.Lock()
		defer mu.Unlock()
		n++
		if n%2 == 0 {
			return sms.Result{}, unavailable()
		}
		return sms.Result{}, nil
	})
	clk := newFakeClock()
	sender := middleware.Retry(middleware.RetryOptions{MaxAttempts: 10, MaxElapsed: 1e6 * time.Hour, Now: clk.Now, Sleep: clk.Sleep})(s)
	sendConcurrently(t, sender, 64, 50)
}
