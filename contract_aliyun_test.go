package sms_test

import (
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/smstest"
)

// conformanceTemplateCode is the emulator's template for the suite's
// "conformance" template: a notification with the suite's two variables.
const conformanceTemplateCode = "SMS_100000001"

// TestContractAliyun runs the conformance suite against the Aliyun provider
// and the emulator in package aliyuntest, over loopback.
func TestContractAliyun(t *testing.T) {
	smstest.Run(t, newAliyunHarness)
}

func newAliyunHarness(t *testing.T) *smstest.Harness {
	srv := aliyuntest.NewServer(aliyuntest.Options{
		Templates: map[string]aliyuntest.Template{
			conformanceTemplateCode: {Text: "验证码${code}，${name}", Kind: aliyuntest.Notification},
		},
	})
	t.Cleanup(srv.Close)
	sender, err := aliyun.New(aliyun.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		Endpoint:        srv.URL,
		SignName:        aliyuntest.DefaultSignName,
		Templates: []sms.Template{{
			Name:  smstest.DefaultTemplate,
			Kind:  sms.KindNotification,
			Codes: map[string]string{"aliyun": conformanceTemplateCode},
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
				srv.InjectFault(aliyuntest.Fault{Kind: kind, Count: -1})
			}
		}
	}
	return &smstest.Harness{
		Sender:   sender,
		Provider: aliyun.ProviderName,
		Received: func() []sms.Message {
			var got []sms.Message
			for _, m := range srv.Messages() {
				to := m.PhoneNumber
				if p, err := sms.ParsePhone(to, ""); err == nil {
					to = p.E164()
				}
				template := m.TemplateCode
				if template == conformanceTemplateCode {
					template = smstest.DefaultTemplate
				}
				got = append(got, sms.Message{To: to, Template: template, Params: m.Params, Reference: m.OutId})
			}
			return got
		},
		Outage:   fault(aliyuntest.FaultSystemError),
		Throttle: fault(aliyuntest.FaultThrottling),
	}
}
