package smstest

import (
	"context"
	"time"

	"github.com/smskit/sms"
)

// contextFailures are the ended contexts a Sender must refuse to send with.
var contextFailures = []struct {
	what string
	ctx  func() (context.Context, context.CancelFunc)
	want sms.Code
}{
	{"canceled context", func() (context.Context, context.CancelFunc) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		return ctx, cancel
	}, sms.Canceled},
	{"expired deadline", func() (context.Context, context.CancelFunc) {
		return context.WithDeadline(context.Background(), time.Unix(1, 0))
	}, sms.DeadlineExceeded},
}

// testCanceled: a context that already ended fails the send, NotAccepted,
// before anything reaches the backend.
func testCanceled(r reporter, h *Harness) {
	r.Helper()
	for _, c := range contextFailures {
		ctx, cancel := c.ctx()
		err := sendFailing(ctx, r, h, c.what, forHarness(h, Sample()))
		cancel()
		checkRejected(r, c.what, err, c.want)
	}
	checkNothingReceived(r, h, "after sends with ended contexts")
}
