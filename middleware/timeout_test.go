package middleware_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/middleware"
)

func TestTimeoutSetsTheDeadline(t *testing.T) {
	tests := []struct {
		name       string
		timeout    time.Duration
		callerIn   time.Duration // 0: no caller deadline
		wantAfter  time.Duration
		wantCaller bool // the caller's deadline is kept as it is
	}{
		{name: "default", wantAfter: middleware.DefaultTimeout},
		{name: "configured", timeout: 3 * time.Second, wantAfter: 3 * time.Second},
		{name: "later caller deadline is shortened", timeout: 3 * time.Second, callerIn: time.Minute, wantAfter: 3 * time.Second},
		{name: "earlier caller deadline is kept", timeout: 3 * time.Second, callerIn: time.Second, wantCaller: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := script()
			ctx := context.Background()
			if tt.callerIn > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.callerIn)
				defer cancel()
			}
			before := time.Now()
			_, err := middleware.Timeout(middleware.TimeoutOptions{Timeout: tt.timeout})(s).Send(ctx, msg)
			after := time.Now()
			require.NoError(t, err)
			if tt.wantCaller {
				want, _ := ctx.Deadline()
				got, ok := s.Ctx(0).Deadline()
				require.True(t, ok)
				assert.Equal(t, want, got)
				return
			}
			assertDeadlineIn(t, s.Ctx(0), before, after, tt.wantAfter)
		})
	}
}

func TestTimeoutNegativeIsNone(t *testing.T) {
	s := script()
	_, err := middleware.Timeout(middleware.TimeoutOptions{Timeout: -1})(s).Send(context.Background(), msg)
	require.NoError(t, err)
	_, ok := s.Ctx(0).Deadline()
	assert.False(t, ok)
}

func TestTimeoutRace(t *testing.T) {
	s := script()
	sender := middleware.Timeout(middleware.TimeoutOptions{Timeout: time.Minute})(s)
	sendConcurrently(t, sender, 64, 50)
	assert.Equal(t, 64*50, s.Calls())
}
