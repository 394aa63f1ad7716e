package sms_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/route"
	"github.com/smskit/sms/smstest"
)

// Wrapping never hides a promise or a capability: the suite runs over the
// recommended stack around a one-target router around each provider, and
// status queries and template checks reach the provider through both.

// wrapped names each provider's harness.
var wrapped = []struct {
	name       string
	newHarness smstest.NewHarness
	// status reports whether the provider answers status queries.
	status bool
}{
	{"fake", newFakeHarness, true},
	{"aliyun", newAliyunHarness, true},
	{"twilio", newTwilioHarness, true},
}

func TestContractStackOverRouter(t *testing.T) {
	for _, w := range wrapped {
		t.Run(w.name, func(t *testing.T) {
			smstest.Run(t, inStack(inRouter(w.newHarness)))
		})
	}
}

// inRouter puts the Sender of each harness made by newHarness behind a
// router with one route and one target named after the provider.
func inRouter(newHarness smstest.NewHarness) smstest.NewHarness {
	return func(t *testing.T) *smstest.Harness {
		h := newHarness(t)
		target := h.Provider
		if target == "" {
			target = "target"
		}
		r, err := route.New(route.Options{Routes: []route.Route{
			{Name: "all", Targets: []route.Target{{Name: target, Sender: h.Sender}}},
		}})
		require.NoError(t, err)
		h.Sender = r
		return h
	}
}

func TestContractCapabilitiesThroughWrappers(t *testing.T) {
	for _, w := range wrapped {
		t.Run(w.name, func(t *testing.T) {
			h := inStack(inRouter(w.newHarness))(t)
			msg := smstest.Sample()
			res, err := h.Sender.Send(context.Background(), msg)
			require.NoError(t, err)

			sc, ok := sms.As[sms.StatusChecker](h.Sender)
			require.True(t, ok, "the stack hides no status capability")
			st, err := sc.Status(context.Background(), sms.StatusQuery{
				Provider: res.Provider, MessageID: res.MessageID, To: msg.To})
			require.NoError(t, err)
			assert.NotEqual(t, sms.StateNotFound, st.State, "the provider that sent it was asked")
			assert.NotEqual(t, sms.StateUnknown, st.State)

			_, err = sc.Status(context.Background(), sms.StatusQuery{Provider: "nobody", MessageID: res.MessageID, To: msg.To})
			assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err), "the router asks only its targets")

			tc, ok := sms.As[sms.TemplateChecker](h.Sender)
			require.True(t, ok, "the stack hides no template check")
			assert.Error(t, tc.CheckTemplate(sms.Template{Name: "never_declared", Kind: sms.KindNotification,
				Text: "x", Codes: map[string]string{"aliyun": "SMS_999999999"}}),
				"a template the provider was not built with is refused through the wrappers")
		})
	}
}
