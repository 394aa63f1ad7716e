package verify_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/verify"
)

// BenchmarkGuardCheck measures Guard's cost on Check: each op is a batch
// of 64 checks through the bare local backend then 64 through Guard (its
// default stores, no caller key), of numbers without a pending
// verification (NotFound), interleaved so that the machine's load hits
// both alike. It reports ns/bare, ns/guarded (per check) and guard-ns,
// their difference: the number parsed, an HMAC of the store key and the
// recipient check limit taken. Guard's clock moves an hour each time all
// 1,024 numbers have been checked, so the limit never refuses.
func BenchmarkGuardCheck(b *testing.B) {
	const batch = 64
	l := benchLocal(b)
	var calls atomic.Int64
	epoch := time.Now()
	g, err := verify.Guard(l, verify.GuardOptions{Now: func() time.Time {
		return epoch.Add(time.Duration(calls.Add(1)/1024) * time.Hour)
	}})
	require.NoError(b, err)
	nums := numbers(1024)
	ctx := context.Background()
	var bare, guarded time.Duration
	run := func(v verify.Verifier, i int) time.Duration {
		t0 := time.Now()
		for j := range batch {
			out, err := v.Check(ctx, verify.Check{To: nums[(i*batch+j)%len(nums)], Code: "654321"})
			if err != nil || out.Status != verify.NotFound {
				b.Fatal(out, err)
			}
		}
		return time.Since(t0)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		bare += run(l, i)
		guarded += run(g, i)
		i++
	}
	n := float64(i * batch)
	b.ReportMetric(float64(bare.Nanoseconds())/n, "ns/bare")
	b.ReportMetric(float64(guarded.Nanoseconds())/n, "ns/guarded")
	b.ReportMetric(float64((guarded-bare).Nanoseconds())/n, "guard-ns")
}
