package middleware_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/middleware"
)

// oldDefaultBreaker is the breaker's default before the failure-ratio rule:
// open after 5 consecutive failures, nothing else.
var oldDefaultBreaker = middleware.BreakerOptions{ConsecutiveFailures: 5, FailureRatio: -1}

// tripStats is what a flaky provider did to a breaker.
type tripStats struct {
	sends, opens, refused int
}

// refusedShare is the share of sends the open breaker refused.
func (s tripStats) refusedShare() float64 { return float64(s.refused) / float64(s.sends) }

// simulateFlakyProvider sends through a breaker built from opts to a
// provider that fails failRatio of its calls at random (seeded), from
// senders concurrent senders that each send every interval, for d of
// simulated time. It is deterministic: one goroutine plays the senders in
// turn on an injected clock, each send advancing it by interval/senders.
func simulateFlakyProvider(opts middleware.BreakerOptions, failRatio float64, senders int, interval, d time.Duration, seed uint64) tripStats {
	clk := newFakeClock()
	rng := rand.New(rand.NewPCG(seed, seed+1))
	provider := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		if rng.Float64() < failRatio {
			return sms.Result{}, unavailable()
		}
		return sms.Result{Provider: "test", MessageID: "id"}, nil
	})
	var st tripStats
	opts.Now = clk.Now
	opts.OnStateChange = func(_ string, _, to middleware.BreakerState) {
		if to == middleware.BreakerOpen {
			st.opens++
		}
	}
	sender := middleware.Breaker(opts)(provider)
	step := interval / time.Duration(senders)
	for elapsed := time.Duration(0); elapsed < d; elapsed += step {
		clk.Advance(step)
		st.sends++
		if _, err := sender.Send(context.Background(), msg); errors.Is(err, middleware.ErrCircuitOpen) {
			st.refused++
		}
	}
	return st
}

// TestBreakerFalseTrips measures how often a breaker opens on a provider
// that fails 30% of calls at random, which is degraded, not down: the
// messages that fail are retried, and an open breaker would drop the 70%
// that succeed. The old default (5 consecutive failures) opens again and
// again; the new one (half of at least 100 sends in a minute, or 15 in a
// row) must not open at all, at high or low traffic. The numbers go to
// BENCHMARKS.md.
func TestBreakerFalseTrips(t *testing.T) {
	const failRatio = 0.3
	tests := []struct {
		name     string
		senders  int
		interval time.Duration // between one sender's sends
		d        time.Duration
	}{
		{name: "32 senders, 320 sends/s, 10 min", senders: 32, interval: 100 * time.Millisecond, d: 10 * time.Minute},
		{name: "32 senders, 32 sends/s, 1 h", senders: 32, interval: time.Second, d: time.Hour},
		{name: "1 sender, 1 send/s, 24 h", senders: 1, interval: time.Second, d: 24 * time.Hour},
		{name: "1 sender, 1 send/3s, 24 h", senders: 1, interval: 3 * time.Second, d: 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := simulateFlakyProvider(oldDefaultBreaker, failRatio, tt.senders, tt.interval, tt.d, 1)
			cur := simulateFlakyProvider(middleware.BreakerOptions{}, failRatio, tt.senders, tt.interval, tt.d, 1)
			t.Logf("%d sends, 30%% failing: old default opened %d times (%.1f an hour), refused %.1f%% of sends; new default opened %d times, refused %.2f%%",
				old.sends, old.opens, float64(old.opens)/tt.d.Hours(), 100*old.refusedShare(), cur.opens, 100*cur.refusedShare())
			assert.Positive(t, old.opens, "the old default should open on this provider: the test measures nothing")
			assert.Zero(t, cur.opens, "the new default opened on a provider that is degraded, not down")
		})
	}
}

// TestBreakerRules checks when each rule opens the breaker: sends are made
// one second apart (plus any extra advance), failing as scripted, and the
// breaker must open right after the send numbered opensAfter (0: never).
func TestBreakerRules(t *testing.T) {
	fails := func(pattern string) []bool { // "F" fails, "." succeeds
		out := make([]bool, len(pattern))
		for i, c := range pattern {
			out[i] = c == 'F'
		}
		return out
	}
	ratioOnly := middleware.BreakerOptions{MinRequests: 10, ConsecutiveFailures: -1}
	tests := []struct {
		name       string
		opts       middleware.BreakerOptions
		sends      []bool
		gapAt      int           // before this send (1-based), advance gap
		gap        time.Duration // extra advance
		opensAfter int
	}{
		{name: "ratio: not before MinRequests", opts: ratioOnly, sends: fails("FFFFFFFFF"), opensAfter: 0},
		{name: "ratio: at MinRequests", opts: ratioOnly, sends: fails("FFFFFFFFFF"), opensAfter: 10},
		{name: "ratio: exactly half", opts: ratioOnly, sends: fails(".F.F.F.F.F"), opensAfter: 10},
		{name: "ratio: under half", opts: ratioOnly, sends: fails(".F.F.F.F..F..F..F..F"), opensAfter: 0},
		{name: "ratio: old failures leave the window", opts: ratioOnly, sends: fails("FFFFF.....FFFFF"), gapAt: 11, gap: time.Minute, opensAfter: 0},
		{name: "ratio: the window slides by a tenth", opts: ratioOnly, sends: fails("FFFFFFFFFF"), gapAt: 6, gap: 45 * time.Second, opensAfter: 10},
		{name: "consecutive: default 15 in a row", opts: middleware.BreakerOptions{},
			sends: fails("FFFFFFFFFFFFFF.FFFFFFFFFFFFFFF"), opensAfter: 30},
		{name: "consecutive: off", opts: middleware.BreakerOptions{ConsecutiveFailures: -1}, sends: fails("FFFFFFFFFFFFFFFFFFFF"), opensAfter: 0},
		{name: "consecutive alone (the old default)", opts: oldDefaultBreaker, sends: fails("FFFF.FFFFF"), opensAfter: 10},
		{name: "default ratio: 100 sends, half failed", opts: middleware.BreakerOptions{Window: time.Hour},
			sends: fails(strings.Repeat(".F", 50)), opensAfter: 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// On the minute: the window's buckets start every 6 seconds.
			clk := testclock.New(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
			opened := 0
			sent := 0
			tt.opts.Now = clk.Now
			tt.opts.OnStateChange = func(_ string, from, to middleware.BreakerState) {
				if to == middleware.BreakerOpen && opened == 0 {
					opened = sent
				}
			}
			failNext := false
			p := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
				if failNext {
					return sms.Result{}, unavailable()
				}
				return sms.Result{}, nil
			})
			sender := middleware.Breaker(tt.opts)(p)
			for i, f := range tt.sends {
				clk.Advance(time.Second)
				if i+1 == tt.gapAt {
					clk.Advance(tt.gap)
				}
				sent, failNext = i+1, f
				_, err := sender.Send(context.Background(), msg)
				require.NotErrorIs(t, err, middleware.ErrCircuitOpen, "send %d", i+1)
				if opened != 0 {
					break
				}
			}
			assert.Equal(t, tt.opensAfter, opened)
		})
	}
}
