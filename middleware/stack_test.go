package middleware_test

import (
	"context"
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

func TestStackDeadline(t *testing.T) {
	tests := []struct {
		name     string
		deadline time.Duration
		want     bool
	}{
		{name: "none by default", deadline: 0, want: false},
		{name: "per-send deadline", deadline: 5 * time.Second, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := script()
			sender := middleware.Stack(middleware.StackOptions{
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clk.Now, Deadline: tt.deadline,
			})(s)
			_, err := sender.Send(context.Background(), msg)
			require.NoError(t, err)
			d, ok := s.Ctx(0).Deadline()
			assert.Equal(t, tt.want, ok)
			if ok {
				assert.Equal(t, clk.Now().Add(tt.deadline), d)
			}
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
