package sms_test

import (
	"context"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/aliyun/aliyunvoice"
	"github.com/smskit/sms/smstest"
)

// conformanceTTSCode is the emulator's TTS template for the suite's
// "conformance" template: a notification with its two variables.
const conformanceTTSCode = "TTS_100000001"

// TestContractAliyunVoice runs the conformance suite against the voice
// sender (SingleCallByTts) and the emulator, alone and in the stack. Every
// case applies: a call is sent as an SMS is, to a mainland number, with
// the template's params and a reference (OutId), and refused or failed
// with the same codes.
func TestContractAliyunVoice(t *testing.T) {
	smstest.Run(t, newAliyunVoiceHarness)
}

func TestContractStackOverAliyunVoice(t *testing.T) {
	smstest.Run(t, inStack(newAliyunVoiceHarness))
}

func newAliyunVoiceHarness(t *testing.T) *smstest.Harness {
	srv := aliyuntest.NewServer(aliyuntest.Options{
		Templates: map[string]aliyuntest.Template{
			conformanceTTSCode: {Text: "您的验证码是${code}，${name}", Kind: aliyuntest.Notification},
		},
	})
	t.Cleanup(srv.Close)
	sender, err := aliyunvoice.New(aliyunvoice.Options{
		AccessKeyID:      aliyuntest.TestAccessKeyID,
		AccessKeySecret:  aliyuntest.TestAccessKeySecret,
		Endpoint:         srv.URL,
		CalledShowNumber: "057100000000",
		Templates: []sms.Template{{
			Name:  smstest.DefaultTemplate,
			Kind:  sms.KindNotification,
			Codes: map[string]string{aliyunvoice.Name: conformanceTTSCode},
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
		Sender:   sender,
		Provider: aliyunvoice.Name,
		Received: func() []sms.Message {
			var got []sms.Message
			for _, m := range srv.Messages() {
				if m.Action != aliyuntest.ActionSingleCallByTts {
					continue
				}
				template := m.TemplateCode
				if template == conformanceTTSCode {
					template = smstest.DefaultTemplate
				}
				got = append(got, sms.Message{To: m.E164, Template: template, Params: m.Params, Reference: m.OutID})
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
