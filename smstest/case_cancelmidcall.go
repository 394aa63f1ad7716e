package smstest

import (
	"context"
	"sync"
	"time"

	"github.com/smskit/sms"
)

// Bounds of the CancelMidCall case. They bound how long the suite waits for
// a Sender that misbehaves; a correct one makes it wait for neither. They
// are variables so that the suite's own tests can shorten them.
var (
	// cancelGrace is how soon after its context ends mid-call a Send must
	// return.
	cancelGrace = 5 * time.Second
	// arrivalLimit is how long the suite waits for a held request to reach
	// the backend, and for a Send to return once its request is released.
	arrivalLimit = 30 * time.Second
)

// midCallEnds are the ways a context ends while the backend holds a send.
var midCallEnds = []struct {
	what string
	ctx  func() (ctx context.Context, end func())
	want sms.Code
}{
	{"context canceled mid-call", func() (context.Context, func()) {
		return context.WithCancel(context.Background())
	}, sms.Canceled},
	{"deadline passed mid-call", func() (context.Context, func()) {
		e := &expiring{Context: context.Background(), deadline: time.Now().Add(time.Hour), done: make(chan struct{})}
		return e, e.expire
	}, sms.DeadlineExceeded},
}

// expiring is a context whose deadline, an hour away, passes when expire is
// called: the suite ends it mid-call without waiting for time to pass.
type expiring struct {
	context.Context
	deadline time.Time
	done     chan struct{}
	once     sync.Once
}

func (e *expiring) Deadline() (time.Time, bool) { return e.deadline, true }
func (e *expiring) Done() <-chan struct{}       { return e.done }

func (e *expiring) Err() error {
	select {
	case <-e.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

func (e *expiring) expire() { e.once.Do(func() { close(e.done) }) }

// testCancelMidCall: a send whose context ends while the backend holds its
// request returns promptly, classified Canceled or DeadlineExceeded.
func testCancelMidCall(r reporter, h *Harness) {
	r.Helper()
	if h.Hold == nil {
		r.Skip("smstest: Harness.Hold is nil: the backend cannot hold a request")
	}
	// A message per end, to distinct recipients: a per-recipient limit in
	// front of the backend may count the first, canceled, send.
	msgs := Samples(len(midCallEnds))
	for i, c := range midCallEnds {
		ctx, end := c.ctx()
		cancelMidCall(r, h, c.what, ctx, end, forHarness(h, msgs[i]), c.want)
		end()
	}
}

// cancelMidCall sends m with ctx, ends ctx once the backend holds the
// request, and checks that Send returns within cancelGrace with code want.
func cancelMidCall(r reporter, h *Harness, what string, ctx context.Context, end func(), m sms.Message, want sms.Code) {
	r.Helper()
	type outcome struct {
		changed string
		err     error
	}
	arrived, release := h.Hold()
	defer release()
	n := len(h.Received())
	done := make(chan outcome, 1)
	go func() {
		_, changed, err := call(ctx, h, m)
		done <- outcome{changed, err}
	}()
	// finish releases the backend and waits, within bounds, for Send.
	finish := func() {
		release()
		t := time.NewTimer(arrivalLimit)
		defer t.Stop()
		select {
		case <-done:
		case <-t.C:
		}
	}

	arrival := time.NewTimer(arrivalLimit)
	defer arrival.Stop()
	select {
	case <-arrived:
	case o := <-done:
		r.Errorf("%s: Send returned before its request reached the backend (error: %v); Harness.Hold must hold the next request",
			what, o.err)
		return
	case <-arrival.C:
		r.Errorf("%s: the request did not reach the backend within %v", what, arrivalLimit)
		finish()
		return
	}

	end()
	grace := time.NewTimer(cancelGrace)
	defer grace.Stop()
	var o outcome
	select {
	case o = <-done:
	case <-grace.C:
		r.Errorf("%s: Send did not return within %v after its context ended while the backend held the request; "+
			"a Sender must stop waiting when ctx.Done() is closed, not only check ctx on entry", what, cancelGrace)
		finish()
		return
	}
	reportChange(r, what, o.changed)
	if o.err == nil {
		r.Errorf("%s: Send succeeded, want a failure with code %s", what, want)
		return
	}
	if got := sms.CodeOf(o.err); got != want {
		r.Errorf("%s: error code is %s, want %s (error: %v)", what, got, want, o.err)
	}
	checkGainedNothing(r, h, what, o.err, n)
}
