package middleware_test

import (
	"context"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

// The documented bounds (README.md, BENCHMARKS.md) on the heap a
// MemoryStore with AliyunCodePolicy holds per tracked key: after a
// collection, and at the peak while keys are added (maps grow by doubling).
const (
	maxBytesPerKey     = 112
	maxPeakBytesPerKey = 144
)

// TestRecipientLimitMillionRecipients sends to one million distinct
// recipients through RecipientLimit with AliyunCodePolicy, so that every one
// of them stays tracked (the day window keeps them), and checks the heap the
// limiter holds against maxBytesPerKey. The numbers are already in E.164 and
// keyed as they are: parsing a million numbers would take most of a minute
// and measure phonenumbers, not the limiter.
func TestRecipientLimitMillionRecipients(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("a million keys: skipped with -short and under the race detector")
	}
	const n = 1_000_000
	clk := newFakeClock()
	tos := make([]string, n)
	for i := range tos {
		tos[i] = "+86139" + leftPad(strconv.Itoa(i), 8)
	}
	before := liveHeap()

	store, err := middleware.NewMemoryStore(middleware.MemoryStoreOptions{})
	require.NoError(t, err)
	sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{
		Verification: middleware.KindLimit{
			Store: store,
			Key:   func(_ context.Context, m sms.Message) (string, error) { return m.To, nil },
		},
		Now: clk.Now,
	})(ok)
	var peak uint64
	var ms runtime.MemStats
	for i, to := range tos {
		if _, err := sender.Send(context.Background(), sms.Message{To: to, Template: "login"}); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		if i%(n/20) == 0 {
			clk.Advance(time.Second)
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	runtime.ReadMemStats(&ms)
	peak = max(peak, ms.HeapAlloc)
	require.Equal(t, n, store.Len())
	retained := liveHeap() - before
	runtime.KeepAlive(sender)
	runtime.KeepAlive(tos)
	perKey := float64(retained) / n
	t.Logf("1,000,000 recipients tracked: retained heap %.1f MB, %.1f bytes per key; peak heap %.1f MB (%.1f MB before)",
		float64(retained)/1e6, perKey, float64(peak)/1e6, float64(before)/1e6)
	require.LessOrEqual(t, perKey, float64(maxBytesPerKey), "retained bytes per tracked key")
	require.LessOrEqual(t, float64(peak-before)/n, float64(maxPeakBytesPerKey), "peak bytes per tracked key")
}

// liveHeap returns the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}
