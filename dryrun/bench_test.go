package dryrun_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
	"github.com/smskit/sms/internal/senderkit/senderkittest"
)

// BenchmarkSend measures one accepted send with the default Keep (100), so
// the ring is full and every send replaces its oldest record:
//
//   - serial/discard and serial/json: from one goroutine; "discard" logs to
//     slog.DiscardHandler, which skips building the record, "json" formats
//     the masked line to io.Discard;
//   - parallel and scaling, discarding the log: see
//     senderkittest.BenchConcurrent.
func BenchmarkSend(b *testing.B) {
	ctx := context.Background()
	msgs := senderkittest.BenchMessages(2)
	newSender := func(b *testing.B, logger *slog.Logger) *dryrun.Sender {
		s := newSender(b, dryrun.Options{Logger: logger})
		senderkittest.Warm(b, s, msgs)
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
	senderkittest.BenchConcurrent(b, msgs, func(b *testing.B) sms.Sender { return newSender(b, discard) })
}
