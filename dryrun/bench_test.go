package dryrun_test

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
	"github.com/smskit/sms/internal/benchkit"
)

// benchMessages returns, for each of workers goroutines, 16 login codes to
// numbers of its own, as different users of an application would get.
func benchMessages(workers int) [][]sms.Message {
	msgs := make([][]sms.Message, workers)
	for w := range msgs {
		for i := range 16 {
			n := strconv.Itoa(w*16 + i)
			msgs[w] = append(msgs[w], sms.Message{To: "+86138" + "00000000"[len(n):] + n,
				Template: "login_code", Params: map[string]string{"code": "123456"}})
		}
	}
	return msgs
}

// BenchmarkSend measures one accepted send with the default Keep (100), so
// the ring is full and every send replaces its oldest record:
//
//   - serial/discard and serial/json: from one goroutine; "discard" logs to
//     slog.DiscardHandler, which skips building the record, "json" formats
//     the masked line to io.Discard;
//   - parallel: from GOMAXPROCS goroutines (b.RunParallel), discarding the
//     log, ns/op being wall time per send;
//   - scaling: one goroutine, then two, in alternating rounds of the same
//     run (see benchkit.Scaling), discarding the log: sends/s of each and
//     the ratio 2g/1g.
func BenchmarkSend(b *testing.B) {
	ctx := context.Background()
	msgs := benchMessages(2)
	newSender := func(b *testing.B, logger *slog.Logger) *dryrun.Sender {
		s := newSender(b, dryrun.Options{Logger: logger})
		for _, list := range msgs { // each number is parsed once, then remembered
			for _, m := range list {
				if _, err := s.Send(ctx, m); err != nil {
					b.Fatal(err)
				}
			}
		}
		return s
	}
	discard := slog.New(slog.DiscardHandler)
	for _, bc := range []struct {
		name   string
		logger *slog.Logger
	}{
		{"serial/discard", discard},
		{"serial/json", slog.New(slog.NewJSONHandler(io.Discard, nil))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			s := newSender(b, bc.logger)
			i := 0
			for b.Loop() {
				if _, err := s.Send(ctx, msgs[0][i%16]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		s := newSender(b, discard)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				if _, err := s.Send(ctx, msgs[i%2][i%16]); err != nil {
					b.Error(err)
					return
				}
				i++
			}
		})
	})
	b.Run("scaling", func(b *testing.B) {
		b.ReportAllocs()
		s := newSender(b, discard)
		benchkit.Scaling(b, func(w, i int) error {
			_, err := s.Send(ctx, msgs[w][i%16])
			return err
		})
	})
}
