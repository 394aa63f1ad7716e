package verify_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/verify"
)

// nopSender accepts every message at no cost, so that the benchmarks
// measure the verifier and its store, not a sender.
type nopSender struct{}

func (nopSender) Send(context.Context, sms.Message) (sms.Result, error) {
	return sms.Result{Provider: "nop", MessageID: "m"}, nil
}

func benchLocal(b *testing.B) *verify.Local {
	b.Helper()
	l, err := verify.New(verify.Options{
		Sender: nopSender{}, Template: "login_code", Templates: templates,
		Secret: testSecret, Interval: -1, MaxSends: verify.MaxSendsLimit,
	})
	require.NoError(b, err)
	return l
}

// numbers returns n distinct mainland mobile numbers.
func numbers(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "+86138" + leftPad(strconv.Itoa(i), 8)
	}
	return out
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// BenchmarkStartCheck is one Start and one right Check per op on the
// memory store, with a sender that does nothing.
func BenchmarkStartCheck(b *testing.B) {
	l := benchLocal(b)
	ctx := context.Background()
	nums := numbers(1024)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		to := nums[i%len(nums)]
		i++
		if _, err := l.Start(ctx, verify.Request{To: to, Code: "123456"}); err != nil {
			b.Fatal(err)
		}
		out, err := l.Check(ctx, verify.Check{To: to, Code: "123456"})
		if err != nil || !out.Approved() {
			b.Fatal(out, err)
		}
	}
}

// BenchmarkStart is one Start per op.
func BenchmarkStart(b *testing.B) {
	l := benchLocal(b)
	ctx := context.Background()
	nums := numbers(1 << 16)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		to := nums[i%len(nums)]
		i++
		if i%len(nums) == 0 {
			b.StopTimer()
			l = benchLocal(b)
			b.StartTimer()
		}
		if _, err := l.Start(ctx, verify.Request{To: to, Purpose: "p"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck is one wrong Check per op of a pending verification
// (its attempts never run out: each op checks another of 1,024 numbers,
// and each number is restarted before its cap).
func BenchmarkCheck(b *testing.B) {
	l := benchLocal(b)
	ctx := context.Background()
	nums := numbers(1024)
	start := func() {
		for _, to := range nums {
			if _, err := l.Start(ctx, verify.Request{To: to, Code: "123456"}); err != nil {
				b.Fatal(err)
			}
			if _, err := l.Check(ctx, verify.Check{To: to, Code: "123456"}); err != nil {
				b.Fatal(err)
			}
			if _, err := l.Start(ctx, verify.Request{To: to, Code: "123456"}); err != nil {
				b.Fatal(err)
			}
		}
	}
	start()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i > 0 && i%(len(nums)*(verify.DefaultMaxAttempts-1)) == 0 {
			b.StopTimer()
			start()
			b.StartTimer()
		}
		out, err := l.Check(ctx, verify.Check{To: nums[i%len(nums)], Code: "654321"})
		i++
		if err != nil || out.Status != verify.WrongCode {
			b.Fatal(out, err)
		}
	}
}

// BenchmarkCheckTiming compares, in one run, a wrong code for a pending
// verification with a code for a recipient without one, interleaved so
// that the machine's load hits both alike. It reports ns/existing,
// ns/missing and their difference in percent (diff-%); the goal is no
// measurable difference. The minimum of batches is compared, the usual
// estimator of a function's own cost under noise.
func BenchmarkCheckTiming(b *testing.B) {
	l := benchLocal(b)
	ctx := context.Background()
	nums := numbers(2048)
	existing, missing := nums[:1024], nums[1024:]
	restart := func() {
		for _, to := range existing {
			if _, err := l.Start(ctx, verify.Request{To: to, Code: "123456"}); err != nil {
				b.Fatal(err)
			}
			_, _ = l.Check(ctx, verify.Check{To: to, Code: "123456"})
			if _, err := l.Start(ctx, verify.Request{To: to, Code: "123456"}); err != nil {
				b.Fatal(err)
			}
		}
	}
	restart()
	const batch = 64
	best := [2]time.Duration{1 << 62, 1 << 62}
	var total [2]time.Duration
	var batches int
	i := 0
	for b.Loop() {
		if i > 0 && i%(len(existing)*(verify.DefaultMaxAttempts-1)/batch*batch) == 0 {
			b.StopTimer()
			restart()
			b.StartTimer()
		}
		for n := range 2 {
			k := (n + i/batch) % 2 // alternate which set goes first
			set := [2][]string{existing, missing}[k]
			t0 := time.Now()
			for j := range batch {
				out, err := l.Check(ctx, verify.Check{To: set[(i+j)%len(set)], Code: "654321"})
				if err != nil || out.Approved() {
					b.Fatal(out, err)
				}
			}
			d := time.Since(t0)
			best[k] = min(best[k], d)
			total[k] += d
		}
		i += batch
		batches++
	}
	e, m := float64(best[0])/batch, float64(best[1])/batch
	b.ReportMetric(e, "ns/existing")
	b.ReportMetric(m, "ns/missing")
	b.ReportMetric(100*(m-e)/e, "diff-%")
	b.ReportMetric(float64(total[0])/float64(batches*batch), "mean-ns/existing")
	b.ReportMetric(float64(total[1])/float64(batches*batch), "mean-ns/missing")
}
