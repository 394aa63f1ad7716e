package middleware_test

import (
	"context"
	"errors"
	"log/slog"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/middleware"
)

// BenchmarkStack compares senders alone with the same senders wrapped in
// the recommended stack, in one run: the difference is the stack's cost per
// send. "fake" is package fake's Sender, which validates and records every
// message as a provider would; "nop" answers at once, so that its difference
// is the stack's own cost with nothing else in the way.
//
// Every layer is active and reads the real clock, but for the recipient
// limit: the provider rate limit is high enough never to wait, and the sends
// rotate over 1,000 recipients while the recipient limit's clock moves 12.6 s
// per send: each recipient gets a message every 3.5 hours, which
// AliyunCodePolicy allows, and stays tracked. "+deadline" adds the
// optional Timeout layer (StackOptions.Deadline). "+stack"
// logs to a JSON handler that is disabled at Info, as production usually is
// for successful sends; "+stack+log" formats every line into io.Discard.
//
// Besides wall time per send (ns/op), each sub-benchmark reports the CPU
// time its thread used per send (cpu-ns/op, Linux only): on a machine
// shared with other work, wall time includes the waits for a core, CPU
// time does not. Compare either only within one run.
func BenchmarkStack(b *testing.B) {
	var tick atomic.Int64
	base := time.Now()
	now := func() time.Time { return base.Add(time.Duration(tick.Add(1)) * 12600 * time.Millisecond) }
	stackWith := func(deadline time.Duration) func(*slog.Logger, sms.Sender) sms.Sender {
		return func(logger *slog.Logger, next sms.Sender) sms.Sender {
			return middleware.Stack(middleware.StackOptions{
				Logger:         logger,
				Deadline:       deadline,
				RecipientLimit: middleware.RecipientLimitOptions{Now: now},
				RateLimit:      middleware.RateLimitOptions{Limit: 1e9, Burst: 1 << 20},
			})(next)
		}
	}
	stack := stackWith(0)
	quiet := slog.New(slog.NewJSONHandler(discard{}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	loud := slog.New(slog.NewJSONHandler(discard{}, nil))
	nop := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		return sms.Result{Provider: "nop", MessageID: "id"}, nil
	})
	senders := []struct {
		name   string
		sender sms.Sender
	}{
		{"fake", fake.MustNew(fake.Options{})},
		{"fake+stack", stack(quiet, fake.MustNew(fake.Options{}))},
		{"fake+stack+log", stack(loud, fake.MustNew(fake.Options{}))},
		{"nop", nop},
		{"nop+stack", stack(quiet, nop)},
		{"nop+stack+log", stack(loud, nop)},
		{"nop+stack+deadline", stackWith(10*time.Second)(quiet, nop)},
	}
	msgs := make([]sms.Message, 1000)
	for i := range msgs {
		msgs[i] = sms.Message{To: "+86139" + leftPad(strconv.Itoa(i), 8), Template: "login", Params: map[string]string{"code": "482915"}}
	}
	for _, s := range senders {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			ctx := context.Background()
			for _, m := range msgs { // warm up: each recipient's number is parsed once, then remembered
				if _, err := s.sender.Send(ctx, m); err != nil {
					b.Fatal(err)
				}
			}
			runtime.LockOSThread() // so that the thread's CPU time is the loop's
			defer runtime.UnlockOSThread()
			cpu0, cpuOK := threadCPU()
			i := 0
			for b.Loop() {
				if _, err := s.sender.Send(ctx, msgs[i%len(msgs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			if cpu1, ok := threadCPU(); cpuOK && ok && i > 0 {
				b.ReportMetric(float64(cpu1-cpu0)/float64(i), "cpu-ns/op")
			}
		})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkRecipientLimitMillionKeys measures MemoryStore.Take with
// AliyunCodePolicy when it tracks a million keys, and reports the heap it
// holds per key (B/key).
func BenchmarkRecipientLimitMillionKeys(b *testing.B) {
	const n = 1_000_000
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "+86139" + leftPad(strconv.Itoa(i), 8)
	}
	before := liveHeap()
	store, err := middleware.NewMemoryStore(middleware.MemoryStoreOptions{})
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	for _, k := range keys {
		if ok, _, err := store.Take(context.Background(), k, t0); !ok || err != nil {
			b.Fatal("take failed", err)
		}
	}
	perKey := float64(liveHeap()-before) / n
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		// Each key is over its minute window: Take checks every window and
		// refuses, the common case under an SMS pumping attack.
		_, _, _ = store.Take(context.Background(), keys[i%n], t0.Add(time.Second))
		i += 7919
	}
	b.ReportMetric(perKey, "B/key")
}

// BenchmarkMiddleware measures each middleware alone over a sender that
// answers at once, on the success path: where the stack's time goes. Like
// BenchmarkStack, it reports CPU time per send (cpu-ns/op) besides wall
// time.
func BenchmarkMiddleware(b *testing.B) {
	var tick atomic.Int64
	base := time.Now()
	now := func() time.Time { return base.Add(time.Duration(tick.Add(1)) * 1800 * time.Millisecond) }
	nop := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		return sms.Result{Provider: "nop", MessageID: "id"}, nil
	})
	quiet := slog.New(slog.NewJSONHandler(discard{}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	layers := []struct {
		name string
		mw   sms.Middleware
	}{
		{"Logging", middleware.Logging(middleware.LoggingOptions{Logger: quiet, Now: now})},
		{"Timeout", middleware.Timeout(middleware.TimeoutOptions{})},
		{"DestinationLimit", middleware.DestinationLimit(middleware.DestinationLimitOptions{
			Allow:      []string{"CN"},
			PerCountry: middleware.Bucket{Limit: 1 << 30, Per: time.Second},
			Prefixes:   []middleware.PrefixLimit{{Prefix: "+86139", Bucket: middleware.Bucket{Limit: 1 << 30, Per: time.Second}}},
			Now:        now,
		})},
		{"RecipientLimit", middleware.RecipientLimit(middleware.RecipientLimitOptions{Now: func() time.Time {
			return base.Add(time.Duration(tick.Add(7)) * 1800 * time.Millisecond) // as in the stack: 3.5 h between sends to one recipient
		}})},
		{"Retry", middleware.Retry(middleware.RetryOptions{Now: now})},
		{"Breaker", middleware.Breaker(middleware.BreakerOptions{Now: now})},
		{"RateLimit", middleware.RateLimit(middleware.RateLimitOptions{Limit: 1e9, Burst: 1 << 20, Now: now})},
	}
	msgs := make([]sms.Message, 1000)
	for i := range msgs {
		msgs[i] = sms.Message{To: "+86139" + leftPad(strconv.Itoa(i), 8), Template: "login"}
	}
	for _, l := range layers {
		b.Run(l.name, func(b *testing.B) {
			s := l.mw(nop)
			ctx := context.Background()
			for _, m := range msgs {
				if _, err := s.Send(ctx, m); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			runtime.LockOSThread() // so that the thread's CPU time is the loop's
			defer runtime.UnlockOSThread()
			cpu0, cpuOK := threadCPU()
			i := 0
			for b.Loop() {
				if _, err := s.Send(ctx, msgs[i%len(msgs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			if cpu1, ok := threadCPU(); cpuOK && ok && i > 0 {
				b.ReportMetric(float64(cpu1-cpu0)/float64(i), "cpu-ns/op")
			}
		})
	}
}

// BenchmarkMemoryStoreAtCap measures MemoryStore.Take with AliyunCodePolicy
// when the store is full (DefaultMaxKeys keys) and every Take brings a new
// key, as in an SMS pumping attack:
//
//   - "evicting": every tracked key restricts nothing any more, so each Take
//     evicts the least recently sent key and takes the new one;
//   - "evicting past victims": a fifth of the keys are at their hourly
//     limit and the oldest: evictions pass over them (and move them to the
//     front) to evict the others;
//   - "all restricting": every key restricts, so each Take is refused with
//     ErrStoreFull; after one look at each shard, without looking again
//     until a key may stop restricting.
func BenchmarkMemoryStoreAtCap(b *testing.B) {
	const n = middleware.DefaultMaxKeys
	const fill = n + n/8 // enough to fill every shard
	keys := make([]string, fill+n)
	for i := range keys {
		keys[i] = "+86139" + leftPad(strconv.Itoa(i), 8)
	}
	ctx := context.Background()
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		victims int           // keys at their hourly limit, sent first
		at      time.Duration // when the benchmark's Takes start
		perTake time.Duration // how far the clock moves per Take
		want    error
	}{
		{name: "evicting", at: 10 * time.Minute, perTake: 100 * time.Microsecond},
		{name: "evicting past victims", victims: n / 5, at: 10 * time.Minute, perTake: 100 * time.Microsecond},
		{name: "all restricting", at: 5*time.Minute + 30*time.Second, want: middleware.ErrStoreFull},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			store, err := middleware.NewMemoryStore(middleware.MemoryStoreOptions{})
			if err != nil {
				b.Fatal(err)
			}
			for round := range 5 { // the victims' five sends, a minute apart
				for _, k := range keys[:c.victims] {
					if ok, _, err := store.Take(ctx, k, t0.Add(time.Duration(round)*time.Minute)); !ok || err != nil {
						b.Fatal("victim take failed", err)
					}
				}
			}
			for i, k := range keys[c.victims:fill] { // then the flood, one send each, until every shard is full
				ok, _, err := store.Take(ctx, k, t0.Add(5*time.Minute+time.Duration(i)*10*time.Nanosecond))
				if err != nil && !errors.Is(err, middleware.ErrStoreFull) || err == nil && !ok {
					b.Fatal("flood take failed", err)
				}
			}
			if store.Len() != n {
				b.Fatalf("%d keys tracked, want the cap, %d", store.Len(), n)
			}
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				now := t0.Add(c.at + time.Duration(i)*c.perTake)
				_, _, err := store.Take(ctx, keys[fill+i%n], now)
				if err != c.want {
					b.Fatalf("take %d: %v, want %v", i, err, c.want)
				}
				i++
			}
			if store.Len() > n {
				b.Fatalf("%d keys tracked, more than %d", store.Len(), n)
			}
		})
	}
}
