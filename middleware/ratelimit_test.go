package middleware_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

func TestRateLimitZeroLimitIsNoLimit(t *testing.T) {
	s := script()
	wrapped := middleware.RateLimit(middleware.RateLimitOptions{})(s)
	assert.Same(t, s, wrapped.(*scripted))
}

func TestRateLimitWaitsOrRejects(t *testing.T) {
	tests := []struct {
		name      string
		maxWait   time.Duration
		deadline  time.Duration // 0: none
		wantErr   bool
		wantSlept []time.Duration
	}{
		{name: "no deadline waits", wantSlept: []time.Duration{100 * time.Millisecond}},
		{name: "deadline that fits waits", deadline: time.Second, wantSlept: []time.Duration{100 * time.Millisecond}},
		{name: "deadline too close rejects", deadline: 50 * time.Millisecond, wantErr: true},
		{name: "max wait too short rejects", maxWait: 10 * time.Millisecond, wantErr: true},
		{name: "max wait long enough waits", maxWait: time.Second, wantSlept: []time.Duration{100 * time.Millisecond}},
		{name: "negative max wait never waits", maxWait: -1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := script()
			sender := middleware.RateLimit(middleware.RateLimitOptions{
				Limit: 10, MaxWait: tt.maxWait, Now: clk.Now, Sleep: clk.Sleep,
			})(s)
			_, err := sender.Send(context.Background(), msg) // takes the only token
			require.NoError(t, err)

			ctx := context.Background()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.deadline)
				defer cancel()
			}
			_, err = sender.Send(ctx, msg)
			assert.Equal(t, tt.wantSlept, clk.Slept())
			if !tt.wantErr {
				require.NoError(t, err)
				assert.Equal(t, 2, s.Calls())
				return
			}
			assert.Equal(t, 1, s.Calls(), "a rejected send must not reach the provider")
			e, isSMS := err.(*sms.Error)
			require.True(t, isSMS, "error %T", err)
			assert.Equal(t, sms.RateLimited, e.Code)
			assert.True(t, e.NotAccepted)
			assert.Equal(t, "ratelimit", e.Provider)
			assert.Equal(t, 100*time.Millisecond, e.RetryAfter)

			// The rejected send gave its reservation back: after 100 ms
			// one send goes through without waiting.
			clk.Advance(100 * time.Millisecond)
			_, err = sender.Send(context.Background(), msg)
			require.NoError(t, err)
			assert.Empty(t, clk.Slept())
		})
	}
}

func TestRateLimitBurstThenSpaced(t *testing.T) {
	clk := newFakeClock()
	s := script()
	sender := middleware.RateLimit(middleware.RateLimitOptions{
		Limit: rate.Every(time.Second), Burst: 3, Now: clk.Now, Sleep: clk.Sleep,
	})(s)
	for range 5 {
		_, err := sender.Send(context.Background(), msg)
		require.NoError(t, err)
	}
	assert.Equal(t, []time.Duration{time.Second, time.Second}, clk.Slept())
	assert.Equal(t, 5, s.Calls())
}

func TestRateLimitCanceledWhileWaiting(t *testing.T) {
	clk := newFakeClock()
	ctx, cancel := context.WithCancel(context.Background())
	sleep := func(ctx context.Context, d time.Duration) error {
		cancel()
		return ctx.Err()
	}
	s := script()
	sender := middleware.RateLimit(middleware.RateLimitOptions{Limit: 1, Now: clk.Now, Sleep: sleep})(s)
	_, err := sender.Send(context.Background(), msg)
	require.NoError(t, err)
	_, err = sender.Send(ctx, msg)
	assert.Equal(t, sms.Canceled, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
	assert.Equal(t, 1, s.Calls())
}

func TestRateLimitRace(t *testing.T) {
	s := script()
	sender := middleware.RateLimit(middleware.RateLimitOptions{Limit: 1e6, Burst: 100})(s)
	sendConcurrently(t, sender, 64, 50)
	assert.Equal(t, 64*50, s.Calls())
}
