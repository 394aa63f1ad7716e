package sms_test

import (
	"context"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/smskit/sms/smstest"
)

// TestContractTwilio runs the conformance suite against the Twilio provider
// and the emulator in package twiliotest, over loopback.
func TestContractTwilio(t *testing.T) {
	smstest.Run(t, newTwilioHarness)
}

func newTwilioHarness(t *testing.T) *smstest.Harness {
	srv := twiliotest.NewServer(twiliotest.Options{})
	t.Cleanup(srv.Close)
	sender, err := twilio.New(twilio.Options{
		AccountSID: twiliotest.TestAccountSID,
		AuthToken:  twiliotest.TestAuthToken,
		From:       twiliotest.TestFrom,
		Templates:  []sms.Template{{Name: smstest.DefaultTemplate, Kind: sms.KindNotification, Text: "Your code is ${code}, ${name}."}},
		Endpoint:   srv.URL,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sender.CloseIdleConnections)
	fault := func(f twiliotest.Fault) func(bool) {
		return func(on bool) {
			if !on {
				srv.ClearFaults()
				return
			}
			srv.SetFaults(func(twiliotest.Request) twiliotest.Fault { return f })
		}
	}
	return &smstest.Harness{
		Sender:   sender,
		Provider: twilio.Name,
		Received: func() []sms.Message {
			var got []sms.Message
			for _, m := range srv.Messages() {
				// Twilio is body-based: no template, the rendered text.
				got = append(got, sms.Message{To: m.To, Body: m.Body})
			}
			return got
		},
		Outage:   fault(twiliotest.Fault{Status: 503}),
		Throttle: fault(twiliotest.Fault{Status: 429}),
		// A held request is then answered 503: never accepted.
		Hold: holdWith(func(stall func(context.Context)) {
			srv.QueueFault(twiliotest.Fault{Status: 503, Stall: stall})
		}),
		// Twilio's Messages API has no caller reference (Aliyun's OutId).
		IgnoresReference: true,
	}
}
