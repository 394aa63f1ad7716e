package fake

import "github.com/smskit/sms"

// own names this Sender as the provider of err, an error that Send refused a
// message with before it reached the pretend provider: err is new (made by
// sms.Normalize or sms.ContextError) and is an *sms.Error; anything else is
// wrapped as an invalid argument.
func (s *Sender) own(err error) *sms.Error {
	e, ok := err.(*sms.Error)
	if !ok || e == nil {
		e = &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Message: "invalid message", Err: err}
	}
	e.Provider = s.provider
	return e
}

// scriptedError turns a scripted failure into the *sms.Error Send returns
// (see FailNext). The scripted error is never modified: it may be returned
// many times, from many goroutines.
func (s *Sender) scriptedError(err error, requestID string) *sms.Error {
	var e sms.Error
	if scripted, ok := err.(*sms.Error); ok && scripted != nil {
		e = *scripted
		e.Err = scripted
	} else {
		e = sms.Error{
			Code:        sms.CodeOf(err),
			NotAccepted: sms.IsNotAccepted(err),
			RetryAfter:  sms.RetryAfterOf(err),
			Message:     "scripted failure",
			Err:         err,
		}
	}
	if e.Provider == "" {
		e.Provider = s.provider
	}
	if e.RequestID == "" {
		e.RequestID = requestID
	}
	return &e
}
