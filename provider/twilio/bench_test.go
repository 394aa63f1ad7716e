package twilio_test

import (
	"context"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// BenchmarkSend sends through the emulator over loopback: the cost of
// validation, rendering, twilio-go and HTTP together.
func BenchmarkSend(b *testing.B) {
	srv := newServer(b, twiliotest.Options{})
	s := newSender(b, baseOptions(srv))
	msg := loginMessage(recipient)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Send(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSendRefused measures a message refused before any request.
func BenchmarkSendRefused(b *testing.B) {
	srv := newServer(b, twiliotest.Options{})
	s := newSender(b, baseOptions(srv))
	msg := sms.Message{To: recipient, Template: "login_code"}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Send(ctx, msg); err == nil {
			b.Fatal("sent a message without its param")
		}
	}
}
