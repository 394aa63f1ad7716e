package route_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/route"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outcomes are what a provider can do with a message: send it, refuse it
// definitely, or fail in a way that may have delivered it.
var outcomes = []error{
	nil,
	&sms.Error{Code: sms.Unavailable, NotAccepted: true, Message: "outage"},
	&sms.Error{Code: sms.PermissionDenied, NotAccepted: true, Message: "bad key"},
	&sms.Error{Code: sms.QuotaExceeded, NotAccepted: true, Message: "balance"},
	&sms.Error{Code: sms.RateLimited, NotAccepted: true, ProviderCode: "Throttling"},
	&sms.Error{Code: sms.RateLimited, NotAccepted: true, ProviderCode: "isv.BUSINESS_LIMIT_CONTROL"},
	&sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Message: "bad number"},
	// May have been accepted: each is a possible delivery.
	&sms.Error{Code: sms.Unknown, Message: "read timeout"},
	&sms.Error{Code: sms.Unavailable, Message: "connection lost after write"},
	&sms.Error{Code: sms.DeadlineExceeded, Message: "deadline after write"},
	&sms.Error{Code: sms.RateLimited, Message: "odd provider"},
	errors.New("unclassified"),
}

// deliveries counts, per message Reference, the calls that delivered it or
// may have: a success, or a failure not definitely refused.
type deliveries struct {
	mu sync.Mutex
	n  map[string]int
}

// provider returns a sender whose outcome for each call is drawn from
// outcomes with rng, and which records possible deliveries.
func (d *deliveries) provider(name string, rng func(int) int) *stub {
	return &stub{name: name, fail: func(m sms.Message) error {
		err := outcomes[rng(len(outcomes))]
		if err == nil || !sms.IsNotAccepted(err) {
			d.mu.Lock()
			d.n[m.Reference]++
			d.mu.Unlock()
		}
		return err
	}}
}

// naive is the failover this package must not do: the next provider after
// any error.
func naive(providers ...sms.Sender) sms.Sender {
	return sms.SenderFunc(func(ctx context.Context, m sms.Message) (res sms.Result, err error) {
		for _, p := range providers {
			if res, err = p.Send(ctx, m); err == nil {
				return res, nil
			}
		}
		return res, err
	})
}

func TestNeverSentTwice(t *testing.T) {
	const messages = 1000
	tests := []struct {
		name   string
		build  func(a, b, c sms.Sender) sms.Sender
		checks func(t *testing.T, twice int)
	}{
		{"router", func(a, b, c sms.Sender) sms.Sender {
			r, err := route.New(route.Options{Routes: []route.Route{{Targets: []route.Target{
				{Name: "primary", Sender: a}, {Name: "second", Sender: b}, {Name: "third", Sender: c},
			}}}})
			require.NoError(t, err)
			return r
		}, func(t *testing.T, twice int) { assert.Zero(t, twice, "messages sent twice") }},
		// The counting itself must catch duplicates, or the row above
		// proves nothing.
		{"naive failover is caught", func(a, b, c sms.Sender) sms.Sender { return naive(a, b, c) },
			func(t *testing.T, twice int) { assert.Greater(t, twice, 100, "messages sent twice") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &deliveries{n: map[string]int{}}
			rng := seeded(7)
			primary, second, third := d.provider("primary", rng), d.provider("second", rng), d.provider("third", rng)
			sender := tc.build(primary, second, third)

			sent, maybe := 0, 0
			for i := range messages {
				_, err := sender.Send(context.Background(), msg(i))
				switch {
				case err == nil:
					sent++
				case !sms.IsNotAccepted(err):
					maybe++
				}
			}
			twice := 0
			for _, n := range d.n {
				if n > 1 {
					twice++
				}
			}
			tc.checks(t, twice)
			// Failover happened, and so did failures that stopped it.
			assert.Greater(t, second.calls.Load(), int64(100))
			assert.Greater(t, third.calls.Load(), int64(10))
			assert.Greater(t, maybe, 100)
			t.Logf("%d messages: %d sent, %d may have been accepted, %d sent twice; calls: primary %d, second %d, third %d",
				messages, sent, maybe, twice, primary.calls.Load(), second.calls.Load(), third.calls.Load())
		})
	}
}

// TestNeverSentTwiceConcurrently repeats the check from 64 goroutines, with
// a weighted group, under the race detector.
func TestNeverSentTwiceConcurrently(t *testing.T) {
	const goroutines, each = 64, 16
	d := &deliveries{n: map[string]int{}}
	rng := seeded(11)
	r, err := route.New(route.Options{
		Rand: seeded(12),
		Routes: []route.Route{{Targets: []route.Target{
			{Name: "a", Sender: d.provider("a", rng), Weight: 3},
			{Name: "b", Sender: d.provider("b", rng), Weight: 1},
			{Name: "c", Sender: d.provider("c", rng)},
		}}},
	})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for k := range each {
				res, err := r.Send(context.Background(), msg(g*each+k))
				if err == nil {
					assert.Contains(t, []string{"a", "b", "c"}, res.Provider)
				}
			}
		})
	}
	wg.Wait()
	for ref, n := range d.n {
		assert.LessOrEqual(t, n, 1, "message %s", ref)
	}
}
