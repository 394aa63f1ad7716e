package middleware_test

import (
	"context"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/middleware"
)

// countingClock is a testclock.Clock that counts how often it is read.
type countingClock struct {
	*testclock.Clock
	reads atomic.Int64
}

func (c *countingClock) Now() time.Time {
	c.reads.Add(1)
	return c.Clock.Now()
}

// TestStackReadsTheClockOncePerSend counts the reads of the stack's clock
// in one successful send: the time read on the way in serves every layer
// (sendState), and only the breaker reads it again, when the answer came.
// Reading the clock was a third of the stack's CPU time on a virtual
// machine, where each layer read it: four reads of the stack's clock here
// (six with a rate limit and destination limits), and two of the real
// clock by gobreaker.
func TestStackReadsTheClockOncePerSend(t *testing.T) {
	tests := []struct {
		name string
		opts middleware.StackOptions
		want int64
	}{
		{name: "recommended stack", want: 2},
		{name: "with a provider rate limit and destination limits", opts: middleware.StackOptions{
			RateLimit: middleware.RateLimitOptions{Limit: 100},
			DestinationLimit: middleware.DestinationLimitOptions{
				Allow: []string{"CN"}, PerCountry: middleware.Bucket{Limit: 1000, Per: time.Hour},
			},
		}, want: 2},
		{name: "with a per-send deadline", opts: middleware.StackOptions{Deadline: time.Minute}, want: 2},
		{name: "logging every send: its duration reads it once more", opts: middleware.StackOptions{
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		}, want: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &countingClock{Clock: newFakeClock()}
			opts := tt.opts
			opts.Now = clk.Now
			if opts.Logger == nil {
				opts.Logger = discardLogger()
			}
			sender, err := middleware.NewStack(opts)
			require.NoError(t, err)
			s := sender(ok)
			for i := range 3 {
				clk.Advance(time.Minute) // the code policy allows one a minute
				before := clk.reads.Load()
				_, err := s.Send(context.Background(), msg)
				require.NoError(t, err)
				assert.Equal(t, tt.want, clk.reads.Load()-before, "clock reads in send %d", i+1)
			}
		})
	}
}

// TestStackReadsTheClockAgainAfterWaiting checks that a time read on the
// way in is not used after a wait: a retry after a delay, or a recipient
// limit KeyFunc or Store of its own (such as one over the network), which
// may take long. The provider rate limit below must see the time of the attempt,
// or it makes the send wait for a token that has long come back.
func TestStackReadsTheClockAgainAfterWaiting(t *testing.T) {
	tests := []struct {
		name string
		// send sends twice through a stack with a rate limit of one send
		// per d, Burst 1, and the fake clock clk.
		send func(t *testing.T, clk *testclock.Clock, opts middleware.StackOptions)
	}{
		{name: "second attempt after a retry's delay", send: func(t *testing.T, clk *testclock.Clock, opts middleware.StackOptions) {
			// The first attempt takes the token and fails, asking for
			// a retry after 2 s: the token is back by then.
			opts.Retry = middleware.RetryOptions{Rand: func() float64 { return 0 }}
			s := middleware.Stack(opts)(script(throttledUnavailable(2*time.Second), nil))
			_, err := s.Send(context.Background(), msg)
			require.NoError(t, err)
			assert.Equal(t, []time.Duration{2 * time.Second}, clk.Slept(), "the second attempt waited for a token")
		}},
		{name: "after a store of its own", send: func(t *testing.T, clk *testclock.Clock, opts middleware.StackOptions) {
			// The first send takes the token at once; the second one's
			// store takes 1.5 s: by the time it reaches the rate limit,
			// the token is back.
			opts.RecipientLimit.Verification.Store = &slowStore{clk: clk, takes: 1500 * time.Millisecond}
			s := middleware.Stack(opts)(ok)
			_, err := s.Send(context.Background(), msg)
			require.NoError(t, err)
			_, err = s.Send(context.Background(), msg)
			require.NoError(t, err)
			assert.Empty(t, clk.Slept(), "the send waited for a token")
		}},
		{name: "after a key of its own", send: func(t *testing.T, clk *testclock.Clock, opts middleware.StackOptions) {
			// The second send's key takes 1.5 s to find (a lookup).
			var keys atomic.Int64
			opts.RecipientLimit.Verification.Key = func(_ context.Context, msg sms.Message) (string, error) {
				if keys.Add(1) > 1 {
					clk.Advance(1500 * time.Millisecond)
				}
				return msg.To, nil
			}
			opts.RecipientLimit.Verification.Policy = middleware.Policy{{Limit: 2, Per: time.Minute}}
			s := middleware.Stack(opts)(ok)
			_, err := s.Send(context.Background(), msg)
			require.NoError(t, err)
			_, err = s.Send(context.Background(), msg)
			require.NoError(t, err)
			assert.Empty(t, clk.Slept(), "the send waited for a token")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			tt.send(t, clk, middleware.StackOptions{
				Logger: discardLogger(), Now: clk.Now, Sleep: clk.Sleep,
				RateLimit: middleware.RateLimitOptions{Limit: rate.Every(time.Second), Burst: 1},
			})
		})
	}
}

// throttledUnavailable is a retryable failure that asks for a delay.
func throttledUnavailable(retryAfter time.Duration) error {
	return &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: "test", RetryAfter: retryAfter}
}

// slowStore is a Store that allows every send and, after its first Take,
// takes a while to answer, on the fake clock.
type slowStore struct {
	clk   *testclock.Clock
	takes time.Duration
	calls atomic.Int64
}

func (s *slowStore) Take(context.Context, string, time.Time) (bool, time.Duration, error) {
	if s.calls.Add(1) > 1 {
		s.clk.Advance(s.takes)
	}
	return true, 0, nil
}

func (s *slowStore) Refund(context.Context, string, time.Time) error { return nil }

// TestStackSendDoesNotAllocate checks that a successful send through the
// recommended stack (logging disabled at Info, as in production for
// successful sends) allocates nothing: the recipient's key is the number
// itself when it is already in E.164, and no layer builds a context.
func TestStackSendDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	clk := newFakeClock()
	s := middleware.Stack(middleware.StackOptions{
		Logger: slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Now:    clk.Now,
		RecipientLimit: middleware.RecipientLimitOptions{
			Verification: middleware.KindLimit{Policy: middleware.Policy{{Limit: 1, Per: time.Second}}},
		},
		RateLimit: middleware.RateLimitOptions{Limit: 1e9, Burst: 1 << 20},
	})(ok)
	ctx := context.Background()
	send := func() {
		clk.Advance(time.Second)
		if _, err := s.Send(ctx, msg); err != nil {
			t.Fatal(err)
		}
	}
	send() // the recipient's first send allocates its place in the store
	assert.Zero(t, testing.AllocsPerRun(100, send))
}
