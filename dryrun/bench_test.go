package dryrun_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
)

// BenchmarkSend measures one accepted send with the default Keep (100), so
// the ring is full and every send replaces its oldest entry. "discard" logs
// to slog.DiscardHandler, which skips building the record; "json" formats
// the masked line to io.Discard.
func BenchmarkSend(b *testing.B) {
	msg := sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "123456"}}
	ctx := context.Background()
	for _, bc := range []struct {
		name   string
		logger *slog.Logger
	}{
		{"discard", slog.New(slog.DiscardHandler)},
		{"json", slog.New(slog.NewJSONHandler(io.Discard, nil))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			s := dryrun.New(dryrun.Options{Logger: bc.logger})
			for b.Loop() {
				if _, err := s.Send(ctx, msg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
