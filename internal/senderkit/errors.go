package senderkit

import (
	"context"
	"errors"

	"github.com/smskit/sms"
)

// Own returns err, an error a sender refuses a message with before its
// pretend provider, as an *sms.Error naming provider, through
// sms.WithProvider. An err without an *sms.Error in its chain (such as a
// plain error from Rules.CheckMessage) becomes an InvalidArgument that is
// not accepted and wraps it; its text is never printed.
func Own(err error, provider string) *sms.Error {
	if _, ok := errors.AsType[*sms.Error](err); !ok {
		err = &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Message: "refused by the provider's rules", Err: err}
	}
	e, _ := errors.AsType[*sms.Error](sms.WithProvider(err, provider))
	return e
}

// CheckContext returns nil for a live ctx, and otherwise the error
// sms.Validator.Prepare returns for it: InvalidArgument wrapping
// sms.ErrNilContext for a nil ctx, Canceled or DeadlineExceeded for an
// ended one; not accepted, naming provider. It is for the methods that do
// not send, such as Status and WaitFor.
func CheckContext(ctx context.Context, provider string) *sms.Error {
	if ctx == nil {
		return Own(&sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Err: sms.ErrNilContext,
			Message: "nil context.Context: pass context.Background() or a request's context"}, provider)
	}
	if err := ctx.Err(); err != nil {
		return Own(sms.ContextError(err, true), provider)
	}
	return nil
}

// Adopt returns err, an error a test or a hook chose (a scripted failure),
// as a new *sms.Error and never modifies err, which may be returned many
// times from many goroutines:
//   - an *sms.Error is copied, and the copy wraps it, so that errors.Is
//     finds it and its Code, NotAccepted and RetryAfter are kept;
//   - any other error is wrapped in fallback, whose Code, NotAccepted and
//     RetryAfter are replaced by those of an *sms.Error in err's chain, if
//     there is one.
//
// Provider and RequestID are filled in where empty, Provider through
// sms.WithProvider.
func Adopt(err error, provider, requestID string, fallback sms.Error) *sms.Error {
	var e sms.Error
	if adopted, ok := err.(*sms.Error); ok && adopted != nil {
		e = *adopted
		e.Err = adopted
	} else {
		e = fallback
		e.Err = err
		if inner, ok := errors.AsType[*sms.Error](err); ok {
			e.Code, e.NotAccepted, e.RetryAfter = inner.Code, inner.NotAccepted, inner.RetryAfter
		}
	}
	if e.RequestID == "" {
		e.RequestID = requestID
	}
	if e.Provider != "" {
		return &e
	}
	out, _ := errors.AsType[*sms.Error](sms.WithProvider(&e, provider))
	return out
}
