package route_test

import (
	"context"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/route"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFailOverWithMiddlewareInsideTargets checks the policy against the
// refusals package middleware really makes when it wraps a target.
func TestFailOverWithMiddlewareInsideTargets(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	clock := func() time.Time { return now }
	outage := &sms.Error{Code: sms.Unavailable, NotAccepted: true, Message: "outage"}

	tests := []struct {
		name    string
		wrap    sms.Middleware
		primary *stub
		sends   int
		// wantBackup is how many of the sends reached the backup.
		wantBackup int64
	}{
		{"recipient limit refuses the second code: no failover",
			middleware.RecipientLimit(middleware.RecipientLimitOptions{Now: clock}),
			working("primary"), 2, 0},
		{"QPS limit refuses at once: provider-wide, fails over",
			middleware.RateLimit(middleware.RateLimitOptions{Limit: 1, MaxWait: -1, Now: clock}),
			working("primary"), 2, 1},
		{"open breaker: fails over",
			middleware.Breaker(middleware.BreakerOptions{ConsecutiveFailures: 1, Now: clock}),
			failing("primary", outage), 3, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			backup := working("backup")
			r, err := route.New(route.Options{Routes: []route.Route{{Targets: []route.Target{
				{Name: "primary", Sender: tc.wrap(tc.primary)},
				{Name: "backup", Sender: backup},
			}}}})
			require.NoError(t, err)
			for range tc.sends {
				_, _ = r.Send(context.Background(), msg(1)) // one recipient
			}
			assert.Equal(t, tc.wantBackup, backup.calls.Load())
		})
	}
}
