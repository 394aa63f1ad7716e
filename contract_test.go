package sms_test

import (
	"context"
	"sync"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/smstest"
)

// The contract tests run the conformance suite against every Sender the
// module ships. This file covers the in-memory ones; each provider and the
// router have a contract_*_test.go of their own.

func TestContractFake(t *testing.T) {
	smstest.Run(t, newFakeHarness)
}

func newFakeHarness(*testing.T) *smstest.Harness {
	s := fake.MustNew(fake.Options{Templates: []sms.Template{{Name: smstest.DefaultTemplate, Kind: sms.KindNotification}}})
	return &smstest.Harness{
		Sender:   s,
		Provider: fake.DefaultProvider,
		Received: s.Messages,
		Outage:   failWhile(s, &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: "fake", Message: "outage"}),
		Throttle: failWhile(s, &sms.Error{Code: sms.RateLimited, NotAccepted: true, Provider: "fake", Message: "throttled"}),
	}
}

func TestContractDryRun(t *testing.T) {
	smstest.Run(t, func(t *testing.T) *smstest.Harness {
		s, err := dryrun.New(dryrun.Options{Logger: discardLogger(), Keep: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return &smstest.Harness{
			Sender:   s,
			Provider: dryrun.DefaultProvider,
			Received: s.Messages,
			Unsupported: map[string]string{
				smstest.CaseOutage:    "a dry run has no backend that could fail",
				smstest.CaseThrottled: "a dry run has no backend that could throttle",
			},
		}
	})
}

// failWhile returns a switch that makes s fail every send with err while on.
func failWhile(s *fake.Sender, err error) func(on bool) {
	return func(on bool) {
		if !on {
			s.FailWhen(nil)
			return
		}
		s.FailWhen(func(sms.Message) error { return err })
	}
}

// holdWith returns a Harness.Hold for an emulator whose one-shot fault takes
// a hook that holds the request in flight: queue queues such a fault with
// stall as its hook. The request is held until release or until the
// server-side context ends.
func holdWith(queue func(stall func(ctx context.Context))) func() (<-chan struct{}, func()) {
	return func() (<-chan struct{}, func()) {
		arrived, release := make(chan struct{}), make(chan struct{})
		queue(func(ctx context.Context) {
			close(arrived)
			select {
			case <-release:
			case <-ctx.Done():
			}
		})
		var once sync.Once
		return arrived, func() { once.Do(func() { close(release) }) }
	}
}
