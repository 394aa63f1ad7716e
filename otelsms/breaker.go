package otelsms

import (
	"context"

	"go.opentelemetry.io/otel/metric"

	"github.com/smskit/sms/middleware"
)

// BreakerStateChanged records a breaker's change of state: the
// sms.breaker.state gauge and the sms.breaker.state_changes counter. Give
// it as middleware.BreakerOptions.OnStateChange (or call it from yours); it
// does not block.
func (t *Telemetry) BreakerStateChanged(name string, from, to middleware.BreakerState) {
	ctx := context.Background()
	t.breakerState.Record(ctx, int64(to), metric.WithAttributes(BreakerNameKey.String(name)))
	t.breakerChange.Add(ctx, 1, metric.WithAttributes(
		BreakerNameKey.String(name),
		BreakerFromKey.String(from.String()),
		BreakerToKey.String(to.String()),
	))
}
