package twilio_test

import (
	"context"
	"io"
	"net/http"
	"strings"
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

// createdAnswer is the emulator's answer to a create, for
// BenchmarkSendNoNetwork.
const createdAnswer = `{"account_sid":"AC00000000000000000000000000000001","api_version":"2010-04-01","body":"Your login code is 123456.",` +
	`"date_created":"Sat, 01 Mar 2025 12:00:00 +0000","date_sent":null,"date_updated":"Sat, 01 Mar 2025 12:00:00 +0000",` +
	`"direction":"outbound-api","error_code":null,"error_message":null,"from":"+15005550006","messaging_service_sid":null,` +
	`"num_media":"0","num_segments":"1","price":null,"price_unit":"USD","sid":"SM00000000000000000000000000000001",` +
	`"status":"queued","subresource_uris":{"media":"/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/SM00000000000000000000000000000001/Media.json"},` +
	`"to":"+14155552671","uri":"/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/SM00000000000000000000000000000001.json"}`

// BenchmarkSendNoNetwork sends through a transport that answers from
// memory: the Sender's own cost (checks, rendering, twilio-go building the
// request, reading and classifying the answer) without the network's noise.
func BenchmarkSendNoNetwork(b *testing.B) {
	opts := baseOptions(nil)
	opts.Endpoint = ""
	opts.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 201, ContentLength: int64(len(createdAnswer)),
			Header: http.Header{"Twilio-Request-Id": {"RQ00000000000000000000000000000001"}},
			Body:   io.NopCloser(strings.NewReader(createdAnswer))}, nil
	})
	s := newSender(b, opts)
	msg := loginMessage(recipient)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Send(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
}
