package middleware_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/middleware"
)

// outage is a provider that fails with Unavailable while down.
type outage struct {
	mu    sync.Mutex
	down  bool
	calls int
	fail  error
}

func (o *outage) Send(context.Context, sms.Message) (sms.Result, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.calls++
	if o.down {
		if o.fail != nil {
			return sms.Result{}, o.fail
		}
		return sms.Result{}, unavailable()
	}
	return sms.Result{Provider: "test", MessageID: "id"}, nil
}

func (o *outage) set(down bool) { o.mu.Lock(); o.down = down; o.mu.Unlock() }
func (o *outage) count() int    { o.mu.Lock(); defer o.mu.Unlock(); return o.calls }

type transitions struct {
	mu  sync.Mutex
	log []string
}

func (tr *transitions) record(_ string, from, to middleware.BreakerState) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.log = append(tr.log, from.String()+"→"+to.String())
}

func (tr *transitions) get() []string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return append([]string(nil), tr.log...)
}

func TestBreakerOpensDuringOutageAndClosesAfter(t *testing.T) {
	clk := newFakeClock()
	p := &outage{down: true}
	var tr transitions
	var logs bytes.Buffer
	sender := middleware.Breaker(middleware.BreakerOptions{
		Name: "aliyun", ConsecutiveFailures: 3, OpenTimeout: 10 * time.Second, Probes: 2,
		OnStateChange: tr.record,
		Logger:        slog.New(slog.NewTextHandler(&logs, nil)),
		Now:           clk.Now,
	})(p)
	ctx := context.Background()

	for range 3 {
		_, err := sender.Send(ctx, msg)
		assert.Equal(t, "test", providerOf(err))
	}
	assert.Equal(t, []string{"closed→open"}, tr.get())

	// Open: fail fast, never reaching the provider.
	for i := range 100 {
		clk.Advance(50 * time.Millisecond)
		_, err := sender.Send(ctx, msg)
		e, ok := errors.AsType[*sms.Error](err)
		require.True(t, ok)
		assert.Equal(t, sms.Unavailable, e.Code)
		assert.True(t, e.NotAccepted)
		assert.Equal(t, "breaker", e.Provider)
		assert.ErrorIs(t, err, middleware.ErrCircuitOpen)
		assert.Equal(t, 10*time.Second-time.Duration(i+1)*50*time.Millisecond, e.RetryAfter)
	}
	assert.Equal(t, 3, p.count())

	// After OpenTimeout a probe goes through; still down, so it opens again.
	clk.Advance(5 * time.Second)
	_, err := sender.Send(ctx, msg)
	assert.Equal(t, "test", providerOf(err))
	assert.Equal(t, 4, p.count())
	_, err = sender.Send(ctx, msg)
	assert.ErrorIs(t, err, middleware.ErrCircuitOpen)
	assert.Equal(t, 4, p.count())

	// Recovery: after the timeout, two successful probes close it.
	p.set(false)
	clk.Advance(10 * time.Second)
	for range 2 {
		_, err = sender.Send(ctx, msg)
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"closed→open", "open→half-open", "half-open→open", "open→half-open", "half-open→closed"}, tr.get())
	for range 10 {
		_, err = sender.Send(ctx, msg)
		require.NoError(t, err)
	}
	assert.Equal(t, 16, p.count())
	assert.Contains(t, logs.String(), `level=WARN msg="sms circuit breaker open" breaker=aliyun from=closed to=open`)
	assert.Contains(t, logs.String(), `level=INFO msg="sms circuit breaker closed" breaker=aliyun from=half-open to=closed`)
}

func providerOf(err error) string {
	if e, ok := errors.AsType[*sms.Error](err); ok {
		return e.Provider
	}
	return ""
}

func TestBreakerCountsOnlyProviderFailures(t *testing.T) {
	// Deadlines run on real time, whatever the breaker's clock says (an
	// hour ahead of real time, or farBehind).
	ctxDeadline := func(_ *testclock.Clock, d time.Duration) context.Context {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		t.Cleanup(cancel)
		return ctx
	}
	tests := []struct {
		name  string
		err   error
		ctx   func(clk *testclock.Clock) context.Context
		now   func() time.Time // nil: newFakeClock
		opens bool
	}{
		{name: "unavailable", err: unavailable(), opens: true},
		{name: "unknown", err: unknownMaybe(), opens: true},
		{name: "unknown but definitely not accepted: the provider answered", err: &sms.Error{
			Code: sms.Unknown, NotAccepted: true, Provider: "twilio", ProviderCode: "21266", Message: "unlisted error code"}},
		{name: "provider deadline, no caller deadline", err: sms.ContextError(context.DeadlineExceeded, false), opens: true},
		{name: "deadline after a long enough wait", err: sms.ContextError(context.DeadlineExceeded, false),
			ctx: func(clk *testclock.Clock) context.Context { return ctxDeadline(clk, 5*time.Second) }, opens: true},
		{name: "deadline the caller made too short", err: sms.ContextError(context.DeadlineExceeded, false),
			ctx: func(clk *testclock.Clock) context.Context { return ctxDeadline(clk, 100*time.Millisecond) }},
		{name: "deadline the caller made too short, clock far behind", err: sms.ContextError(context.DeadlineExceeded, false),
			ctx: func(clk *testclock.Clock) context.Context { return ctxDeadline(clk, 100*time.Millisecond) }, now: farBehind},
		{name: "invalid number", err: invalidArg()},
		{name: "permission", err: &sms.Error{Code: sms.PermissionDenied, NotAccepted: true}},
		{name: "quota", err: &sms.Error{Code: sms.QuotaExceeded, NotAccepted: true}},
		{name: "provider throttling", err: throttled(time.Second)},
		{name: "rate limit middleware", err: &sms.Error{Code: sms.RateLimited, NotAccepted: true, Provider: "ratelimit"}},
		{name: "caller canceled", err: sms.ContextError(context.Canceled, false)},
		{name: "unknown while the caller canceled", err: unknownMaybe(),
			ctx: func(*testclock.Clock) context.Context {
				ctx, cancel := context.WithCancel(context.Background())
				return canceledAfterCall{ctx, cancel}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			var tr transitions
			s := script(tt.err)
			now := tt.now
			if now == nil {
				now = clk.Now
			}
			sender := middleware.Breaker(middleware.BreakerOptions{ConsecutiveFailures: 5, OnStateChange: tr.record, Now: now})(s)
			for range 1000 {
				ctx := context.Background()
				if tt.ctx != nil {
					ctx = tt.ctx(clk)
				}
				_, err := sender.Send(ctx, msg)
				require.Error(t, err)
			}
			if tt.opens {
				assert.Equal(t, []string{"closed→open"}, tr.get())
				assert.Equal(t, 5, s.Calls())
			} else {
				assert.Empty(t, tr.get(), "a flood of these must never open the breaker")
				assert.Equal(t, 1000, s.Calls())
			}
		})
	}
}

// canceledAfterCall is a context that is alive when the breaker looks at it
// before the call, and canceled when it looks after.
type canceledAfterCall struct {
	context.Context
	cancel context.CancelFunc
}

func (c canceledAfterCall) Err() error {
	err := c.Context.Err()
	c.cancel()
	return err
}

func TestBreakerIgnoredFailuresDoNotCloseIt(t *testing.T) {
	clk := newFakeClock()
	var tr transitions
	s := script(unavailable(), invalidArg(), invalidArg(), nil)
	sender := middleware.Breaker(middleware.BreakerOptions{ConsecutiveFailures: 1, OpenTimeout: time.Second, OnStateChange: tr.record, Now: clk.Now})(s)
	_, err := sender.Send(context.Background(), msg)
	require.Error(t, err)
	clk.Advance(time.Second)
	// Half-open with one probe: the invalid number neither closes the
	// breaker nor uses the probe up.
	for range 2 {
		_, err = sender.Send(context.Background(), msg)
		assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	}
	assert.Equal(t, []string{"closed→open", "open→half-open"}, tr.get())
	_, err = sender.Send(context.Background(), msg)
	require.NoError(t, err)
	assert.Equal(t, []string{"closed→open", "open→half-open", "half-open→closed"}, tr.get())
}

func TestBreakerDoesNotCallWithEndedContext(t *testing.T) {
	s := script()
	sender := middleware.Breaker(middleware.BreakerOptions{})(s)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := sender.Send(ctx, msg)
	assert.Equal(t, sms.Canceled, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
	assert.Zero(t, s.Calls())
}

func TestBreakerRace(t *testing.T) {
	p := &outage{}
	sender := middleware.Breaker(middleware.BreakerOptions{ConsecutiveFailures: 3, OpenTimeout: time.Millisecond})(p)
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for i := range 100 {
				if g == 0 && i%10 == 0 {
					p.set(i%20 == 0)
				}
				_, _ = sender.Send(context.Background(), msg)
			}
		})
	}
	wg.Wait()
}

// gatedDeadline is a context whose first Deadline call signals reached and
// waits for release. The breaker reads the deadline after it has found the
// breaker closed and before it calls gobreaker, so the test can open the
// breaker in between.
type gatedDeadline struct {
	context.Context
	once             *sync.Once
	reached, release chan struct{}
}

func (g gatedDeadline) Deadline() (time.Time, bool) {
	g.once.Do(func() {
		close(g.reached)
		<-g.release
	})
	return g.Context.Deadline()
}

// TestBreakerRacingSendWaitsForOpenTimeout forces the interleaving in which a
// send finds the breaker closed, another send opens it, and the first then
// reaches gobreaker, whose own one-nanosecond timeout has passed: gobreaker
// goes half-open and lets it through. The breaker must still fail it fast
// (OpenTimeout has not passed on Now), count it neither way, and free the
// half-open slot for the first real probe.
func TestBreakerRacingSendWaitsForOpenTimeout(t *testing.T) {
	tests := []struct {
		name   string
		probes uint32
	}{
		{name: "one probe", probes: 1},
		{name: "two probes", probes: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := script(unavailable(), nil)
			var tr transitions
			sender := middleware.Breaker(middleware.BreakerOptions{
				ConsecutiveFailures: 1, OpenTimeout: 30 * time.Second, Probes: tt.probes,
				OnStateChange: tr.record, Now: clk.Now,
			})(s)

			parent, cancel := context.WithTimeout(context.Background(), time.Hour)
			defer cancel()
			gated := gatedDeadline{Context: parent, once: new(sync.Once),
				reached: make(chan struct{}), release: make(chan struct{})}
			var racingErr error
			done := make(chan struct{})
			go func() {
				defer close(done)
				_, racingErr = sender.Send(gated, msg)
			}()
			<-gated.reached // the racing send found the breaker closed

			_, err := sender.Send(context.Background(), msg) // opens it
			require.Equal(t, "test", providerOf(err))
			// gobreaker reads time.Now: wait (a few nanoseconds) until its
			// one-nanosecond open timeout has certainly passed, so that it
			// lets the racing send through half-open.
			for opened := time.Now(); !time.Now().After(opened.Add(time.Nanosecond)); {
			}
			close(gated.release)
			<-done

			assert.ErrorIs(t, racingErr, middleware.ErrCircuitOpen)
			assert.Equal(t, 30*time.Second, sms.RetryAfterOf(racingErr))
			assert.Equal(t, 1, s.Calls(), "a send reached the provider before OpenTimeout passed on Now")

			// Still open on Now until OpenTimeout.
			clk.Advance(30*time.Second - time.Nanosecond)
			_, err = sender.Send(context.Background(), msg)
			assert.ErrorIs(t, err, middleware.ErrCircuitOpen)
			assert.Equal(t, 1, s.Calls())

			// Then probes go through and close it: the racing send used
			// no half-open slot.
			clk.Advance(time.Nanosecond)
			for range tt.probes {
				_, err = sender.Send(context.Background(), msg)
				require.NoError(t, err)
			}
			assert.Equal(t, 1+int(tt.probes), s.Calls())
			assert.Equal(t, []string{"closed→open", "open→half-open", "half-open→closed"}, tr.get())
		})
	}
}
