package middleware

import (
	"context"
	"time"

	"github.com/smskit/sms"
)

// TimeoutOptions configures Timeout. The zero value allows 10 seconds.
type TimeoutOptions struct {
	// Timeout is the deadline of a whole send, from the moment it reaches
	// the middleware. Zero means DefaultTimeout; negative means none: the
	// middleware passes sends through unchanged.
	Timeout time.Duration
}

// DefaultTimeout is TimeoutOptions.Timeout's default.
const DefaultTimeout = 10 * time.Second

// Validate reports whether opts can work; every Timeout can (negative means
// none), so it returns nil. It is here so that every options type has one.
func (opts TimeoutOptions) Validate() error { return nil }

// Timeout returns a middleware that gives each send a deadline, unless the
// context already has an earlier one. It reads the real clock, not an
// injected one: a context's deadline expires in real time. The send's context ends at the
// deadline; what that means for the message is the provider's answer (a
// request not yet written is definitely not accepted, one in flight may have
// been). Its cost is a timer per send, about a microsecond and four
// allocations (BENCHMARKS.md); StackOptions.Deadline adds it to the stack.
func Timeout(opts TimeoutOptions) sms.Middleware {
	t := timeout{d: opts.Timeout}
	if t.d < 0 {
		return func(next sms.Sender) sms.Sender { return next }
	}
	if t.d == 0 {
		t.d = DefaultTimeout
	}
	return func(next sms.Sender) sms.Sender {
		return &timedOut{timeout: t, next: wrapNext(next)}
	}
}

type timeout struct {
	d time.Duration
}

type timedOut struct {
	timeout
	next nextSender
}

// Unwrap returns the Sender t wraps (sms.Wrapper).
func (t *timedOut) Unwrap() sms.Sender { return t.next.next }

func (t *timedOut) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	return t.sendWith(ctx, msg, sendState{})
}

func (t *timedOut) sendWith(ctx context.Context, msg sms.Message, st sendState) (sms.Result, error) {
	if err := contextError(ctx); err != nil {
		return sms.Result{}, err
	}
	deadline := st.now(realTime).Add(t.d) // real time: contexts expire in real time
	if current, ok := ctx.Deadline(); ok && !current.After(deadline) {
		return t.next.send(ctx, msg, st)
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	return t.next.send(ctx, msg, st)
}
