package dryrun

import (
	"errors"

	"github.com/smskit/sms"
)

// own names this Sender as the provider of err, a new *sms.Error made by
// sms.Normalize or sms.ContextError; anything else is wrapped as an invalid
// argument.
func (s *Sender) own(err error) *sms.Error {
	e, ok := err.(*sms.Error)
	if !ok || e == nil {
		e = &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Message: "invalid message", Err: err}
	}
	e.Provider = s.provider
	return e
}

// checkError turns an error from Options.Check into the *sms.Error Send
// returns, naming the Sender's provider where the error names none. An
// *sms.Error is copied, not modified, and the copy wraps it; any other error
// becomes an InvalidArgument that is not accepted, unless an *sms.Error in
// its chain classifies it.
func (s *Sender) checkError(err error) *sms.Error {
	var e sms.Error
	if checked, ok := err.(*sms.Error); ok && checked != nil {
		e = *checked
		e.Err = checked
	} else {
		e = sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Message: "refused by Check", Err: err}
		if inner, ok := errors.AsType[*sms.Error](err); ok {
			e.Code, e.NotAccepted, e.RetryAfter = inner.Code, inner.NotAccepted, inner.RetryAfter
		}
	}
	if e.Provider == "" {
		e.Provider = s.provider
	}
	return &e
}
