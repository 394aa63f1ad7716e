package middleware

import (
	"context"

	"github.com/smskit/sms"
)

// contextError returns nil when ctx can carry a send, and otherwise the
// caller's error, which names no provider or middleware: a nil ctx is the
// caller's mistake (InvalidArgument wrapping sms.ErrNilContext), and an
// ended one is the caller's cancellation or deadline (Canceled or
// DeadlineExceeded). Both are definitely not accepted. Every middleware
// checks this before it counts, waits or calls: nothing below it is to
// blame.
func contextError(ctx context.Context) error {
	if ctx == nil {
		return &sms.Error{
			Code:        sms.InvalidArgument,
			NotAccepted: true,
			Message:     "nil context.Context: pass context.Background() or a request's context",
			Err:         sms.ErrNilContext,
		}
	}
	if err := ctx.Err(); err != nil {
		return sms.ContextError(err, true)
	}
	return nil
}
