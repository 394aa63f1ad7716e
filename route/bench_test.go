package route_test

import (
	"context"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/route"
)

// BenchmarkSend measures the router's own cost around senders that answer
// at once: the direct call is the baseline.
func BenchmarkSend(b *testing.B) {
	ok := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		return sms.Result{Provider: "p", MessageID: "id"}, nil
	})
	down := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		return sms.Result{}, &sms.Error{Code: sms.Unavailable, NotAccepted: true}
	})
	build := func(rt route.Route) sms.Sender {
		r, err := route.New(route.Options{Rand: seeded(1), Routes: []route.Route{rt}})
		if err != nil {
			b.Fatal(err)
		}
		return r
	}
	m := msg(1)
	benchmarks := []struct {
		name   string
		sender sms.Sender
	}{
		{"direct", ok},
		{"normalize only", sms.SenderFunc(func(ctx context.Context, m sms.Message) (sms.Result, error) {
			if _, err := sms.Normalize(m, ""); err != nil {
				return sms.Result{}, err
			}
			return ok(ctx, m)
		})},
		{"prefix route", build(route.Route{Prefixes: []string{"+1", "+86"}, Targets: []route.Target{{Name: "a", Sender: ok}}})},
		{"region route", build(route.Route{Regions: []string{"CN"}, Targets: []route.Target{{Name: "a", Sender: ok}}})},
		{"weighted pair", build(route.Route{Targets: []route.Target{{Name: "a", Sender: ok, Weight: 1}, {Name: "b", Sender: ok, Weight: 1}}})},
		{"failover once", build(route.Route{Targets: []route.Target{{Name: "a", Sender: down}, {Name: "b", Sender: ok}}})},
		{"all fail", build(route.Route{Targets: []route.Target{{Name: "a", Sender: down}, {Name: "b", Sender: down}}})},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = bm.sender.Send(context.Background(), m)
			}
		})
	}
}
