package sms_test

import (
	"context"
	"strings"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/aliyunintl"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/smstest"
)

// TestContractAliyunIntl runs the conformance suite against the
// international sender and the emulator, alone and in the recommended
// stack.
func TestContractAliyunIntl(t *testing.T) {
	smstest.Run(t, newAliyunIntlHarness)
}

func TestContractStackOverAliyunIntl(t *testing.T) {
	smstest.Run(t, inStack(newAliyunIntlHarness))
}

// The suite's recipients are mainland numbers (+86 13x…), which the
// international sender refuses by design. The harness therefore moves each
// valid one to a distinct UK mobile number and back: +86 13d… (eleven
// digits) is sent to +44 7 followed by the last nine digits, and read back
// the other way. Invalid recipients are passed as they are, so InvalidNumber
// still proves they are refused before any request. (ErrorText then checks
// the error texts for the suite's numbers, not the UK ones: the emulator
// tests of package aliyunintl check those.)
func intlTo(to string) string {
	if strings.HasPrefix(to, "+8613") && len(to) == 14 {
		return "+447" + to[5:]
	}
	return to
}

func intlFrom(to string) string {
	if strings.HasPrefix(to, "+447") && len(to) == 13 {
		return "+8613" + to[4:]
	}
	return to
}

// intlMover is the harness's Sender: it moves the recipient and sends with
// the international sender.
type intlMover struct{ next sms.Sender }

func (m intlMover) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	msg.To = intlTo(msg.To)
	return m.next.Send(ctx, msg)
}

func newAliyunIntlHarness(t *testing.T) *smstest.Harness {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	t.Cleanup(srv.Close)
	sender, err := aliyunintl.New(aliyunintl.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		Endpoint:        srv.URL,
		From:            aliyuntest.DefaultSenderID,
		Templates: []sms.Template{{
			Name: smstest.DefaultTemplate,
			Kind: sms.KindVerification,
			Text: "Code ${code} for ${name}",
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sender.CloseIdleConnections)
	fault := func(kind aliyuntest.FaultKind) func(bool) {
		return func(on bool) {
			srv.ClearFaults()
			if on {
				srv.SetFaults(func(aliyuntest.Request) aliyuntest.Fault { return aliyuntest.Fault{Kind: kind} })
			}
		}
	}
	return &smstest.Harness{
		Sender:   intlMover{sender},
		Provider: aliyunintl.Name,
		Received: func() []sms.Message {
			var got []sms.Message
			for _, m := range srv.Messages() {
				// The suite's template has a Text: it went as free text,
				// whose variables the harness finds back in the text.
				params := map[string]string{}
				if rest, ok := strings.CutPrefix(m.Content, "Code "); ok {
					if code, name, ok := strings.Cut(rest, " for "); ok {
						params["code"], params["name"] = code, name
					}
				}
				got = append(got, sms.Message{To: intlFrom(m.E164), Template: smstest.DefaultTemplate,
					Params: params, Reference: m.OutID})
			}
			return got
		},
		Outage:   fault(aliyuntest.FaultSystemError),
		Throttle: fault(aliyuntest.FaultThrottling),
		Hold: holdWith(func(stall func(context.Context)) {
			srv.QueueFault(aliyuntest.Fault{Hold: stall})
		}),
	}
}
