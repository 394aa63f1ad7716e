package smstest

import (
	"context"

	"github.com/smskit/sms"
)

// testOutage: during an outage sends fail as Unavailable, NotAccepted and
// retryable; afterwards they succeed.
func testOutage(r reporter, h *Harness) {
	r.Helper()
	if h.Outage == nil {
		r.Skip("smstest: Harness.Outage is nil: the backend cannot simulate an outage")
	}
	h.Outage(true)
	err := sendFailing(context.Background(), r, h, "send during an outage", forHarness(h, Sample()))
	checkRejected(r, "send during an outage", err, sms.Unavailable)
	if err != nil && !sms.IsRetryable(err) {
		r.Errorf("send during an outage: sms.IsRetryable is false, want true (error: %v)", err)
	}
	h.Outage(false)
	after := forHarness(h, Samples(1)[0])
	sendOK(r, h, "send after the outage", after)
	checkReceivedOnce(r, h, "send after the outage", after)
}

// testThrottled: while throttled sends fail as RateLimited and NotAccepted;
// afterwards they succeed.
func testThrottled(r reporter, h *Harness) {
	r.Helper()
	if h.Throttle == nil {
		r.Skip("smstest: Harness.Throttle is nil: the backend cannot simulate throttling")
	}
	h.Throttle(true)
	err := sendFailing(context.Background(), r, h, "send while throttled", forHarness(h, Sample()))
	checkRejected(r, "send while throttled", err, sms.RateLimited)
	h.Throttle(false)
	after := forHarness(h, Samples(1)[0])
	sendOK(r, h, "send after throttling", after)
	checkReceivedOnce(r, h, "send after throttling", after)
}
