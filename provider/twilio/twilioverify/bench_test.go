package twilioverify_test

import (
	"context"
	"testing"

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
	const code = "135790"
	srv := twiliotest.NewServer(twiliotest.Options{MaxMessages: 1000})
	b.Cleanup(srv.Close)
	ctx := context.Background()

	b.Run("bare", func(b *testing.B) {
		c := &client.Client{Credentials: client.NewCredentials(twiliotest.TestAccountSID, twiliotest.TestAuthToken),
			HTTPClient: srv.Client()}
		c.SetAccountSid(twiliotest.TestAccountSID)
		api := verifyapi.NewApiServiceWithClient(c)
		b.ReportAllocs()
		for b.Loop() {
			sp := &verifyapi.CreateVerificationParams{}
			sp.SetTo(recipient)
			sp.SetChannel("sms")
			sp.SetCustomCode(code)
			if _, err := api.CreateVerification(twiliotest.TestVerifyServiceSID, sp); err != nil {
				b.Fatal(err)
			}
			cp := &verifyapi.CreateVerificationCheckParams{}
			cp.SetTo(recipient)
			cp.SetCode(code)
			res, err := api.CreateVerificationCheck(twiliotest.TestVerifyServiceSID, cp)
			if err != nil || *res.Status != "approved" {
				b.Fatal(err)
			}
		}
	})
	b.Run("twilioverify", func(b *testing.B) {
		v, err := twilioverify.New(twilioverify.Options{AccountSID: twiliotest.TestAccountSID,
			AuthToken: twiliotest.TestAuthToken, ServiceSID: twiliotest.TestVerifyServiceSID, Endpoint: srv.URL})
		if err != nil {
			b.Fatal(err)
		}
		defer v.CloseIdleConnections()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Start(ctx, verify.Request{To: recipient, Code: code}); err != nil {
				b.Fatal(err)
			}
			out, err := v.Check(ctx, verify.Check{To: recipient, Code: code})
			if err != nil || !out.Approved() {
				b.Fatal(out, err)
			}
		}
	})
}
