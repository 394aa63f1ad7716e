package twilioverify_test

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twilio/twilio-go/client"
	verifyapi "github.com/twilio/twilio-go/rest/verify/v2"

	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/smskit/sms/provider/twilio/twilioverify"
	"github.com/smskit/sms/verify"
)

// BenchmarkStartCheck starts a verification and checks its code, through
// the emulator over loopback, with bare twilio-go Verify v2 calls and with
// the Verifier, in the same run: the Verifier's overhead is the ratio of
// the two (goal ≤ 1.10). Each iteration's check approves, so each start is
// a new verification.
func BenchmarkStartCheck(b *testing.B) {
	srv := twiliotest.NewServer(twiliotest.Options{MaxMessages: 1000})
	b.Cleanup(srv.Close)
	bare, backend := bareRound(b, srv), verifierRound(b, srv)
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			bare()
		}
	})
	b.Run("twilioverify", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			backend()
		}
	})
}

// BenchmarkStartCheckPaired alternates one bare round and one Verifier
// round, timing each, and reports the median of each and their ratio: on a
// loaded machine, rounds run side by side share its load, where separate
// benchmarks do not.
func BenchmarkStartCheckPaired(b *testing.B) {
	srv := twiliotest.NewServer(twiliotest.Options{MaxMessages: 1000})
	b.Cleanup(srv.Close)
	bare, backend := bareRound(b, srv), verifierRound(b, srv)
	var bareTimes, backendTimes []time.Duration
	for i := 0; b.Loop(); i++ {
		first, second, firstTimes, secondTimes := bare, backend, &bareTimes, &backendTimes
		if i%2 == 1 { // alternate which goes first
			first, second, firstTimes, secondTimes = backend, bare, &backendTimes, &bareTimes
		}
		t0 := time.Now()
		first()
		t1 := time.Now()
		second()
		t2 := time.Now()
		*firstTimes = append(*firstTimes, t1.Sub(t0))
		*secondTimes = append(*secondTimes, t2.Sub(t1))
	}
	mb, mv := median(bareTimes), median(backendTimes)
	b.ReportMetric(float64(mb.Nanoseconds()), "bare-ns/round")
	b.ReportMetric(float64(mv.Nanoseconds()), "twilioverify-ns/round")
	b.ReportMetric(float64(mv)/float64(mb), "ratio")
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[len(d)/2]
}

const benchCode = "135790"

// bareRound returns a start and an approving check with bare twilio-go
// Verify v2 calls.
func bareRound(b *testing.B, srv *twiliotest.Server) func() {
	c := &client.Client{Credentials: client.NewCredentials(twiliotest.TestAccountSID, twiliotest.TestAuthToken),
		HTTPClient: srv.Client()}
	c.SetAccountSid(twiliotest.TestAccountSID)
	api := verifyapi.NewApiServiceWithClient(c)
	return func() {
		sp := &verifyapi.CreateVerificationParams{}
		sp.SetTo(recipient)
		sp.SetChannel("sms")
		sp.SetCustomCode(benchCode)
		if _, err := api.CreateVerification(twiliotest.TestVerifyServiceSID, sp); err != nil {
			b.Fatal(err)
		}
		cp := &verifyapi.CreateVerificationCheckParams{}
		cp.SetTo(recipient)
		cp.SetCode(benchCode)
		res, err := api.CreateVerificationCheck(twiliotest.TestVerifyServiceSID, cp)
		if err != nil || *res.Status != "approved" {
			b.Fatal(err)
		}
	}
}

// verifierRound returns a start and an approving check with the Verifier.
func verifierRound(b *testing.B, srv *twiliotest.Server) func() {
	v, err := twilioverify.New(twilioverify.Options{AccountSID: twiliotest.TestAccountSID,
		AuthToken: twiliotest.TestAuthToken, ServiceSID: twiliotest.TestVerifyServiceSID, Endpoint: srv.URL})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(v.CloseIdleConnections)
	ctx := context.Background()
	return func() {
		if _, err := v.Start(ctx, verify.Request{To: recipient, Code: benchCode}); err != nil {
			b.Fatal(err)
		}
		out, err := v.Check(ctx, verify.Check{To: recipient, Code: benchCode})
		if err != nil || !out.Approved() {
			b.Fatal(out, err)
		}
	}
}

// The emulator's answers to a start and a check, for the no-network
// benchmark.
const (
	startedAnswer = `{"sid":"VE00000000000000000000000000000001","service_sid":"VA00000000000000000000000000000001",` +
		`"account_sid":"AC00000000000000000000000000000001","to":"+14155552671","channel":"sms","status":"pending",` +
		`"valid":false,"lookup":{"carrier":null},"amount":null,"payee":null,` +
		`"send_code_attempts":[{"attempt_sid":"VL00000000000000000000000000000001","channel":"sms","time":"2026-03-01T12:00:00Z"}],` +
		`"date_created":"2026-03-01T12:00:00Z","date_updated":"2026-03-01T12:00:00Z","sna":null,` +
		`"url":"https://verify.twilio.com/v2/Services/VA00000000000000000000000000000001/Verifications/VE00000000000000000000000000000001"}`
	checkedAnswer = `{"sid":"VE00000000000000000000000000000001","service_sid":"VA00000000000000000000000000000001",` +
		`"account_sid":"AC00000000000000000000000000000001","to":"+14155552671","channel":"sms","status":"approved",` +
		`"valid":true,"amount":null,"payee":null,"date_created":"2026-03-01T12:00:00Z","date_updated":"2026-03-01T12:00:00Z"}`
)

// memoryTransport answers from memory: the cost of twilio-go and of the
// Verifier without the network's noise.
type memoryTransport struct{}

func (memoryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	body, status := checkedAnswer, 200
	if strings.HasSuffix(r.URL.Path, "/Verifications") {
		body, status = startedAnswer, 201
	}
	return &http.Response{StatusCode: status, ContentLength: int64(len(body)),
		Header: http.Header{"Twilio-Request-Id": {"RQ00000000000000000000000000000001"}},
		Body:   io.NopCloser(strings.NewReader(body))}, nil
}

// BenchmarkStartCheckNoNetwork is BenchmarkStartCheck through a transport
// that answers from memory: the Verifier's own cost over twilio-go's
// (checks, number parsing, the call's context and trace, reading and
// classifying the answer).
func BenchmarkStartCheckNoNetwork(b *testing.B) {
	b.Run("bare", func(b *testing.B) {
		c := &client.Client{Credentials: client.NewCredentials(twiliotest.TestAccountSID, twiliotest.TestAuthToken),
			HTTPClient: &http.Client{Transport: memoryTransport{}}}
		c.SetAccountSid(twiliotest.TestAccountSID)
		api := verifyapi.NewApiServiceWithClient(c)
		b.ReportAllocs()
		for b.Loop() {
			sp := &verifyapi.CreateVerificationParams{}
			sp.SetTo(recipient)
			sp.SetChannel("sms")
			sp.SetCustomCode(benchCode)
			if _, err := api.CreateVerification(twiliotest.TestVerifyServiceSID, sp); err != nil {
				b.Fatal(err)
			}
			cp := &verifyapi.CreateVerificationCheckParams{}
			cp.SetTo(recipient)
			cp.SetCode(benchCode)
			if res, err := api.CreateVerificationCheck(twiliotest.TestVerifyServiceSID, cp); err != nil || *res.Status != "approved" {
				b.Fatal(err)
			}
		}
	})
	b.Run("twilioverify", func(b *testing.B) {
		v, err := twilioverify.New(twilioverify.Options{AccountSID: twiliotest.TestAccountSID,
			AuthToken: twiliotest.TestAuthToken, ServiceSID: twiliotest.TestVerifyServiceSID, Transport: memoryTransport{}})
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Start(ctx, verify.Request{To: recipient, Code: benchCode}); err != nil {
				b.Fatal(err)
			}
			if out, err := v.Check(ctx, verify.Check{To: recipient, Code: benchCode}); err != nil || !out.Approved() {
				b.Fatal(out, err)
			}
		}
	})
}
