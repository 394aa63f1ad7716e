package middleware_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

// TestStackDeadline checks the Timeout layer's deadline, which runs on real
// time whatever the stack's injected clock says: with a clock years behind,
// computing it from Now gave a context that had already expired.
func TestStackDeadline(t *testing.T) {
	tests := []struct {
		name     string
		now      func() time.Time
		deadline time.Duration
		want     bool
	}{
		{name: "none by default", now: newFakeClock().Now, deadline: 0, want: false},
		{name: "per-send deadline", now: newFakeClock().Now, deadline: 5 * time.Second, want: true},
		{name: "clock far behind real time", now: farBehind, deadline: time.Hour, want: true},
		{name: "clock far ahead of real time", now: farAhead, deadline: time.Hour, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got context.Context
			var errAtCall error
			s := sms.SenderFunc(func(ctx context.Context, _ sms.Message) (sms.Result, error) {
				got, errAtCall = ctx, ctx.Err()
				return sms.Result{Provider: "test"}, nil
			})
			sender := middleware.Stack(middleware.StackOptions{
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: tt.now, Deadline: tt.deadline,
			})(s)
			before := time.Now()
			_, err := sender.Send(context.Background(), msg)
			after := time.Now()
			require.NoError(t, err)
			assert.NoError(t, errAtCall, "the provider got an expired context")
			_, ok := got.Deadline()
			require.Equal(t, tt.want, ok)
			if ok {
				assertDeadlineIn(t, got, before, after, tt.deadline)
			}
		})
	}
}

// TestStackOneRecipientCannotOpenTheBreaker sends many messages to one
// recipient that the provider refuses with an answer smskit cannot classify
// (Unknown, NotAccepted, such as Twilio's 21266 "To and From are the same").
// RecipientLimit refunds each, so only the breaker could stop them, and it
// must not open: the provider answered, so it is up, and other recipients
// must still get their messages. A real outage still opens it.
func TestStackOneRecipientCannotOpenTheBreaker(t *testing.T) {
	const victim = "+8613900000001"
	tests := []struct {
		name      string
		fail      error
		wantOpen  bool
		wantCalls int // provider calls for the victim's sends
	}{
		{name: "unlisted provider answer", fail: &sms.Error{Code: sms.Unknown, NotAccepted: true, Provider: "test",
			ProviderCode: "21266", Message: "unlisted error code"}, wantCalls: 20},
		// The default breaker opens after 15 failures in a row: the
		// victim's 5th send makes attempts 13 to 15; its later sends fail
		// fast.
		{name: "outage still opens the breaker", fail: unavailable(), wantOpen: true, wantCalls: 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			var calls int
			var mu sync.Mutex
			provider := sms.SenderFunc(func(_ context.Context, m sms.Message) (sms.Result, error) {
				mu.Lock()
				defer mu.Unlock()
				if m.To == victim {
					calls++
					return sms.Result{}, tt.fail
				}
				return sms.Result{Provider: "test", MessageID: "id"}, nil
			})
			sender := middleware.Stack(middleware.StackOptions{
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clk.Now, Sleep: clk.Sleep,
			})(provider)
			for range 20 {
				_, err := sender.Send(context.Background(), sms.Message{To: victim, Template: "login"})
				require.Error(t, err)
			}
			_, err := sender.Send(context.Background(), sms.Message{To: "+8613900000002", Template: "login"})
			assert.Equal(t, tt.wantOpen, errors.Is(err, middleware.ErrCircuitOpen), "err: %v", err)
			if !tt.wantOpen {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.wantCalls, calls)
		})
	}
}

func TestStackRace(t *testing.T) {
	var mu sync.Mutex
	n := 0
	flaky := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		mu.Lock()
		defer mu.Unlock()
		n++
		if n%3 == 0 {
			return sms.Result{}, unavailable()
		}
		return sms.Result{Provider: "test"}, nil
	})
	clk := newFakeClock()
	sender := middleware.Stack(middleware.StackOptions{
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clk.Now, Sleep: clk.Sleep, Deadline: time.Minute,
		Retry:     middleware.RetryOptions{MaxAttempts: 10, MaxElapsed: 1e6 * time.Hour},
		RateLimit: middleware.RateLimitOptions{Limit: 1e6, Burst: 64},
	})(flaky)
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for i := range 20 {
				to := "+86139" + leftPad(strconv.Itoa(g*20+i), 8)
				_, err := sender.Send(context.Background(), sms.Message{To: to, Template: "a"})
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
}
