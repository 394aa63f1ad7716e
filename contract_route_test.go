package sms_test

import (
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/route"
	"github.com/smskit/sms/smstest"
)

// TestContractRouter runs the conformance suite against a Router of two
// in-memory providers. The primary is down for every recipient whose number
// ends in an odd digit, so about half the suite's messages fail over to the
// secondary: the suite's Concurrent case then proves that failover delivers
// each message exactly once. Outage and Throttle act on both providers, as
// the suite needs every send to fail while they are on.
func TestContractRouter(t *testing.T) {
	smstest.Run(t, newRouterHarness)
}

func newRouterHarness(t *testing.T) *smstest.Harness {
	primary := fake.MustNew(fake.Options{Provider: "primary"})
	secondary := fake.MustNew(fake.Options{Provider: "secondary"})

	outage := &sms.Error{Code: sms.Unavailable, NotAccepted: true, ProviderCode: "isp.SYSTEM_ERROR", Message: "outage"}
	throttled := &sms.Error{Code: sms.RateLimited, NotAccepted: true, ProviderCode: "Throttling", Message: "throttled"}
	halfDown := func(m sms.Message) error {
		if last := m.To[len(m.To)-1]; (last-'0')%2 == 1 {
			return outage
		}
		return nil
	}
	always := func(err error) func(sms.Message) error {
		return func(sms.Message) error { return err }
	}
	normal := func() {
		primary.FailWhen(halfDown)
		secondary.FailWhen(nil)
	}
	normal()

	router, err := route.New(route.Options{
		Routes: []route.Route{
			{Name: "mainland", Prefixes: []string{"+86"}, Targets: []route.Target{
				{Name: "primary", Sender: primary},
				{Name: "secondary", Sender: secondary},
			}},
			{Name: "world", Targets: []route.Target{{Name: "secondary", Sender: secondary}}},
		},
		Templates: []sms.Template{{Name: smstest.DefaultTemplate, Kind: sms.KindNotification, Text: "code ${code}, ${name}"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	toggle := func(err error) func(bool) {
		return func(on bool) {
			if !on {
				normal()
				return
			}
			primary.FailWhen(always(err))
			secondary.FailWhen(always(err))
		}
	}
	return &smstest.Harness{
		Sender: router,
		Received: func() []sms.Message {
			return append(primary.Messages(), secondary.Messages()...)
		},
		Outage:   toggle(outage),
		Throttle: toggle(throttled),
	}
}

// TestContractRouterFailsOver checks that the harness above really fails
// over, so that the suite exercises it.
func TestContractRouterFailsOver(t *testing.T) {
	h := newRouterHarness(t)
	msgs := smstest.Samples(20)
	for _, m := range msgs {
		res, err := h.Sender.Send(t.Context(), m)
		if err != nil {
			t.Fatal(err)
		}
		odd := (m.To[len(m.To)-1]-'0')%2 == 1
		if want := map[bool]string{true: "secondary", false: "primary"}[odd]; res.Provider != want {
			t.Errorf("%s: sent by %s, want %s", sms.MaskPhone(m.To), res.Provider, want)
		}
	}
	if got := len(h.Received()); got != len(msgs) {
		t.Errorf("received %d messages, want %d", got, len(msgs))
	}
}
