package otelsms_test

import (
	"context"
	"io"
	"log/slog"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/otelsms"
)

// dropSpans is a span processor that drops every ended span: the SDK
// records each span in full, and nothing is exported.
type dropSpans struct{}

func (dropSpans) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (dropSpans) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (dropSpans) Shutdown(context.Context) error                  { return nil }
func (dropSpans) ForceFlush(context.Context) error                { return nil }

// BenchmarkTelemetry measures the cost of otelsms per send over the
// recommended stack (middleware.Stack, every layer active, logging
// disabled at Info) and a provider that answers at once, in one run:
//
//   - stack: no telemetry, the baseline;
//   - stack+noop: Send outermost and Attempt around the provider, with the
//     no-op tracer and meter providers (the global default);
//   - stack+sdk: the SDK's providers, every span sampled and recorded (then
//     dropped by the processor rather than exported) and the metrics
//     aggregated by a ManualReader;
//   - stack+sdk-unsampled: the SDK with NeverSample: metrics recorded,
//     spans not.
//
// The difference to "stack" is otelsms's cost per send. Besides wall time
// (ns/op) each reports the CPU time its thread used per send (cpu-ns/op,
// Linux only), which a loaded machine's waits for a core do not inflate.
func BenchmarkTelemetry(b *testing.B) {
	var tick atomic.Int64
	base := time.Now()
	now := func() time.Time { return base.Add(time.Duration(tick.Add(1)) * 12600 * time.Millisecond) }
	quiet := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn}))
	stack := func() sms.Middleware {
		return middleware.Stack(middleware.StackOptions{
			Logger:         quiet,
			RecipientLimit: middleware.RecipientLimitOptions{Now: now},
			RateLimit:      middleware.RateLimitOptions{Limit: 1e9, Burst: 1 << 20},
		})
	}
	nop := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		return sms.Result{Provider: "nop", MessageID: "id"}, nil
	})
	withTelemetry := func(opts otelsms.Options) sms.Sender {
		opts.Provider = "nop"
		tel, err := otelsms.New(opts)
		if err != nil {
			b.Fatal(err)
		}
		return sms.Chain(tel.Send(), stack())(tel.Attempt()(nop))
	}
	sdk := func(sampler sdktrace.Sampler) otelsms.Options {
		return otelsms.Options{
			TracerProvider: sdktrace.NewTracerProvider(sdktrace.WithSampler(sampler), sdktrace.WithSpanProcessor(dropSpans{})),
			MeterProvider:  sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader())),
		}
	}
	senders := []struct {
		name   string
		sender sms.Sender
	}{
		{"stack", stack()(nop)},
		{"stack+noop", withTelemetry(otelsms.Options{TracerProvider: tracenoop.NewTracerProvider(), MeterProvider: metricnoop.NewMeterProvider()})},
		{"stack+sdk", withTelemetry(sdk(sdktrace.AlwaysSample()))},
		{"stack+sdk-unsampled", withTelemetry(sdk(sdktrace.NeverSample()))},
	}
	msgs := make([]sms.Message, 1000)
	for i := range msgs {
		n := strconv.Itoa(i)
		for len(n) < 8 {
			n = "0" + n
		}
		msgs[i] = sms.Message{To: "+86139" + n, Template: "login", Params: map[string]string{"code": "482915"}}
	}
	for _, s := range senders {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			ctx := context.Background()
			for _, m := range msgs {
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
