package route_test

import (
	"context"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/route"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWeightedSplit(t *testing.T) {
	const sends = 2_000 // order_test.go checks the split precisely, without sending
	a, b, c, fallback := working("a"), working("b"), working("c"), working("fallback")
	r, err := route.New(route.Options{
		Rand: seeded(1),
		Routes: []route.Route{{Targets: []route.Target{
			{Name: "a", Sender: a, Weight: 70},
			{Name: "b", Sender: b, Weight: 20},
			{Name: "c", Sender: c, Weight: 10},
			{Name: "fallback", Sender: fallback},
		}}},
	})
	require.NoError(t, err)
	for i := range sends {
		_, err := r.Send(context.Background(), msg(i))
		require.NoError(t, err)
	}
	for _, tc := range []struct {
		s    *stub
		want float64
	}{{a, 0.7}, {b, 0.2}, {c, 0.1}, {fallback, 0}} {
		got := float64(tc.s.calls.Load()) / sends
		assert.InDelta(t, tc.want, got, 0.025, "share of %s", tc.s.name)
	}
}

func TestWeightedGroupFailsOverWithinThenBeyond(t *testing.T) {
	outage := &sms.Error{Code: sms.Unavailable, NotAccepted: true}
	tests := []struct {
		name             string
		aDown, bDown     bool
		minA, maxA       int64 // a is tried first about half the time
		wantB            int64
		wantFallback     int64
		wantProviderFrom []string
	}{
		{"a down: a tried when drawn first, then b", true, false, 70, 130, 200, 0, []string{"b"}},
		{"both down: both tried, then fallback", true, true, 200, 200, 200, 200, []string{"fallback"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b, fallback := working("a"), working("b"), working("fallback")
			if tc.aDown {
				a = failing("a", outage)
			}
			if tc.bDown {
				b = failing("b", outage)
			}
			r, err := route.New(route.Options{Rand: seeded(2), Routes: []route.Route{{Targets: []route.Target{
				{Name: "a", Sender: a, Weight: 1}, {Name: "b", Sender: b, Weight: 1}, {Name: "fallback", Sender: fallback},
			}}}})
			require.NoError(t, err)
			for i := range 200 {
				res, err := r.Send(context.Background(), msg(i))
				require.NoError(t, err)
				assert.Contains(t, tc.wantProviderFrom, res.Provider)
			}
			assert.GreaterOrEqual(t, a.calls.Load(), tc.minA)
			assert.LessOrEqual(t, a.calls.Load(), tc.maxA)
			assert.Equal(t, tc.wantB, b.calls.Load())
			assert.Equal(t, tc.wantFallback, fallback.calls.Load())
		})
	}
}

// TestWeightedDeterministic shows that an injected Rand decides the order.
func TestWeightedDeterministic(t *testing.T) {
	run := func() []string {
		r, err := route.New(route.Options{Rand: seeded(3), Routes: []route.Route{{Targets: []route.Target{
			{Name: "a", Sender: working("a"), Weight: 1}, {Name: "b", Sender: working("b"), Weight: 1},
		}}}})
		require.NoError(t, err)
		var got []string
		for i := range 20 {
			res, err := r.Send(context.Background(), msg(i))
			require.NoError(t, err)
			got = append(got, res.Provider)
		}
		return got
	}
	assert.Equal(t, run(), run())
}

func TestBadRandDoesNotPanic(t *testing.T) {
	for _, n := range []int{-5, 1 << 30} {
		r, err := route.New(route.Options{Rand: func(int) int { return n }, Routes: []route.Route{{Targets: []route.Target{
			{Name: "a", Sender: working("a"), Weight: 1}, {Name: "b", Sender: working("b"), Weight: 1},
		}}}})
		require.NoError(t, err)
		_, err = r.Send(context.Background(), msg(1))
		assert.NoError(t, err)
	}
}
