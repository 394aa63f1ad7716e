package sms_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/alidayu"
	"github.com/smskit/sms/provider/alidayu/alidayutest"
	"github.com/smskit/sms/smstest"
)

// alidayuConformanceTemplateCode is the emulator's template for the
// suite's "conformance" template: a notification with the suite's two
// variables.
const alidayuConformanceTemplateCode = "SMS_200000001"

// TestContractAlidayu runs the conformance suite against the legacy
// Alidayu provider and the emulator in package alidayutest, over loopback.
func TestContractAlidayu(t *testing.T) {
	smstest.Run(t, newAlidayuHarness(alidayu.SignHMAC))
}

// TestContractAlidayuMD5 runs the suite with md5 signatures.
func TestContractAlidayuMD5(t *testing.T) {
	smstest.Run(t, newAlidayuHarness(alidayu.SignMD5))
}

// TestContractStackOverAlidayu runs the suite over the recommended stack
// around the Alidayu provider.
func TestContractStackOverAlidayu(t *testing.T) {
	smstest.Run(t, inStack(newAlidayuHarness(alidayu.SignHMAC)))
}

// TestContractStackOverRouterAlidayu runs the suite over the stack around
// a one-target router around the Alidayu provider.
func TestContractStackOverRouterAlidayu(t *testing.T) {
	smstest.Run(t, inStack(inRouter(newAlidayuHarness(alidayu.SignHMAC))))
}

func newAlidayuHarness(signMethod string) smstest.NewHarness {
	return func(t *testing.T) *smstest.Harness {
		srv := alidayutest.NewServer(alidayutest.Options{
			Templates: map[string]alidayutest.Template{
				alidayuConformanceTemplateCode: {Text: "验证码${code}，${name}", Kind: alidayutest.Notification},
			},
		})
		t.Cleanup(srv.Close)
		sender, err := alidayu.New(alidayu.Options{
			AppKey:     alidayutest.TestAppKey,
			AppSecret:  alidayutest.TestAppSecret,
			SignMethod: signMethod,
			Endpoint:   srv.URL,
			SignName:   alidayutest.DefaultSignName,
			Templates: []sms.Template{{
				Name:  smstest.DefaultTemplate,
				Kind:  sms.KindNotification,
				Codes: map[string]string{alidayu.Name: alidayuConformanceTemplateCode},
			}},
		})
		require.NoError(t, err)
		t.Cleanup(sender.CloseIdleConnections)
		fault := func(f alidayutest.Fault) func(bool) {
			return func(on bool) {
				srv.ClearFaults()
				if on {
					srv.SetFaults(func(alidayutest.Request) alidayutest.Fault { return f })
				}
			}
		}
		return &smstest.Harness{
			Sender:   sender,
			Provider: alidayu.Name,
			Received: func() []sms.Message {
				var got []sms.Message
				for _, m := range srv.Messages() {
					template := m.TemplateCode
					if template == alidayuConformanceTemplateCode {
						template = smstest.DefaultTemplate
					}
					got = append(got, sms.Message{To: m.E164, Template: template, Params: m.Params, Reference: m.Extend})
				}
				return got
			},
			Outage:   fault(alidayutest.Fault{SubCode: "isp.SYSTEM_ERROR"}),
			Throttle: fault(alidayutest.Fault{Code: alidayutest.CodeAppCallLimited}),
			Hold: holdWith(func(stall func(context.Context)) {
				srv.QueueFault(alidayutest.Fault{Hold: stall})
			}),
		}
	}
}

// TestContractAlidayuTemplateCheckThroughWrappers: template checks reach
// the Alidayu provider through the stack and a router.
func TestContractAlidayuTemplateCheckThroughWrappers(t *testing.T) {
	h := inStack(inRouter(newAlidayuHarness(alidayu.SignHMAC)))(t)
	_, err := h.Sender.Send(context.Background(), smstest.Sample())
	require.NoError(t, err)
	tc, ok := sms.As[sms.TemplateChecker](h.Sender)
	require.True(t, ok, "the stack hides no template check")
	assert.Error(t, tc.CheckTemplate(sms.Template{Name: "never_declared", Kind: sms.KindNotification,
		Text: "x", Codes: map[string]string{alidayu.Name: "SMS_999"}}))
}
