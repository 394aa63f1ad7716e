package sms_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/tencent/tencenttest"
	"github.com/smskit/sms/smstest"
)

// tencentConformanceTemplateID is the emulator's template for the suite's
// "conformance" template: a notification with the suite's two variables in
// positions {1} (code) and {2} (name).
const tencentConformanceTemplateID = "2000001"

// tencentConformanceOrder is the positional order of the suite's params.
var tencentConformanceOrder = []string{"code", "name"}

// TestContractTencent runs the conformance suite against the Tencent
// provider and the emulator in package tencenttest, over loopback.
func TestContractTencent(t *testing.T) {
	smstest.Run(t, newTencentHarness)
}

// TestContractStackOverTencent runs the suite over the recommended stack
// around the Tencent provider.
func TestContractStackOverTencent(t *testing.T) {
	smstest.Run(t, inStack(newTencentHarness))
}

// TestContractStackOverRouterTencent runs the suite over the stack around
// a one-target router around the Tencent provider.
func TestContractStackOverRouterTencent(t *testing.T) {
	smstest.Run(t, inStack(inRouter(newTencentHarness)))
}

func newTencentHarness(t *testing.T) *smstest.Harness {
	srv := tencenttest.NewServer(tencenttest.Options{
		Templates: map[string]tencenttest.Template{
			tencentConformanceTemplateID: {Text: "验证码{1}，{2}", Kind: tencenttest.Notification},
		},
	})
	t.Cleanup(srv.Close)
	sender, err := tencent.New(tencent.Options{
		SecretID:    tencenttest.TestSecretID,
		SecretKey:   tencenttest.TestSecretKey,
		SmsSdkAppID: tencenttest.TestSmsSdkAppID,
		Endpoint:    srv.URL,
		SignName:    tencenttest.DefaultSignName,
		Templates: []sms.Template{{
			Name:  smstest.DefaultTemplate,
			Kind:  sms.KindNotification,
			Codes: map[string]string{tencent.Name: tencentConformanceTemplateID},
		}},
		ParamOrder: map[string][]string{smstest.DefaultTemplate: tencentConformanceOrder},
	})
	require.NoError(t, err)
	t.Cleanup(sender.CloseIdleConnections)
	fault := func(code string) func(bool) {
		return func(on bool) {
			srv.ClearFaults()
			if on {
				srv.SetFaults(func(tencenttest.Request) tencenttest.Fault { return tencenttest.Fault{Code: code} })
			}
		}
	}
	return &smstest.Harness{
		Sender:   sender,
		Provider: tencent.Name,
		Received: func() []sms.Message {
			var got []sms.Message
			for _, m := range srv.Messages() {
				template, params := m.TemplateID, map[string]string{}
				if template == tencentConformanceTemplateID {
					template = smstest.DefaultTemplate
				}
				for i, v := range m.Params {
					if i < len(tencentConformanceOrder) {
						params[tencentConformanceOrder[i]] = v
					}
				}
				got = append(got, sms.Message{To: m.E164, Template: template, Params: params, Reference: m.SessionContext})
			}
			return got
		},
		Outage:   fault("ServiceUnavailable"),
		Throttle: fault("RequestLimitExceeded"),
		Hold: holdWith(func(stall func(context.Context)) {
			srv.QueueFault(tencenttest.Fault{Hold: stall})
		}),
	}
}

// TestContractTencentCapabilitiesThroughWrappers: status queries and
// template checks reach the Tencent provider through the stack and a
// router.
func TestContractTencentCapabilitiesThroughWrappers(t *testing.T) {
	h := inStack(inRouter(newTencentHarness))(t)
	msg := smstest.Sample()
	res, err := h.Sender.Send(context.Background(), msg)
	require.NoError(t, err)

	sc, ok := sms.As[sms.StatusChecker](h.Sender)
	require.True(t, ok, "the stack hides no status capability")
	st, err := sc.Status(context.Background(), sms.StatusQuery{Provider: res.Provider, MessageID: res.MessageID, To: msg.To})
	require.NoError(t, err)
	assert.Equal(t, sms.StateDelivered, st.State)

	tc, ok := sms.As[sms.TemplateChecker](h.Sender)
	require.True(t, ok, "the stack hides no template check")
	assert.Error(t, tc.CheckTemplate(sms.Template{Name: "never_declared", Kind: sms.KindNotification,
		Text: "x", Codes: map[string]string{tencent.Name: "999999"}}))
}
