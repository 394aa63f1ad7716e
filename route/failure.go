package route

import (
	"errors"
	"strconv"
	"strings"

	"github.com/smskit/sms"
)

// Error lists what happened at each target a Router tried for one message,
// in the order tried. A Router's Send returns it wrapped in an *sms.Error
// (find it with errors.As), whose Code and NotAccepted sum it up; errors.Is
// and errors.As also reach every target's own error through Unwrap.
type Error struct {
	// Route names the route that was taken.
	Route string
	// Failures holds one entry per target tried, in order. The last is the
	// failure that ended the send: the route had no target left, or the
	// failure must not fail over.
	Failures []Failure
}

// Failure is one target's failure.
type Failure struct {
	// Target is the target's name.
	Target string
	// Err is the error the target returned, or the caller's context error
	// when the context ended before the target could be tried.
	Err error
}

// Error formats e as "TARGET: FAILURE; TARGET: FAILURE". Each failure is
// shown by its *sms.Error's text, which never holds secrets or personal
// data; an error that is not an *sms.Error is shown only by its code,
// because its text may hold anything.
func (e *Error) Error() string { return e.text(false) }

// summary is Error's text with the last failure's details (its provider
// code, request id, retry-after and acceptance) left out: the router's own
// *sms.Error copies them and prints them once.
func (e *Error) summary() string { return e.text(true) }

// text formats e, the last failure briefly if briefLast.
func (e *Error) text(briefLast bool) string {
	var b strings.Builder
	for i, f := range e.Failures {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.Target)
		b.WriteString(": ")
		if se, ok := errors.AsType[*sms.Error](f.Err); ok && briefLast && i == len(e.Failures)-1 {
			if se.Provider != "" && se.Provider != f.Target {
				b.WriteString(se.Provider)
				b.WriteString(": ")
			}
			b.WriteString(se.Code.String())
			if se.Message != "" {
				b.WriteString(": ")
				b.WriteString(se.Message)
			}
			continue
		}
		b.WriteString(describe(f.Target, f.Err))
	}
	return b.String()
}

// Unwrap returns every target's error, in the order the targets were tried.
func (e *Error) Unwrap() []error {
	errs := make([]error, len(e.Failures))
	for i, f := range e.Failures {
		errs[i] = f.Err
	}
	return errs
}

// describe returns err's safe text, without the "sms: " prefix and without
// its Provider when that repeats the target's name.
func describe(target string, err error) string {
	se, ok := errors.AsType[*sms.Error](err)
	if !ok {
		return sms.CodeOf(err).String() + ": unclassified error, text withheld (may have been accepted)"
	}
	text := strings.TrimPrefix(se.Error(), "sms: ")
	return strings.TrimPrefix(text, target+": ")
}

// summarize returns the *sms.Error a Router's Send returns after trying
// some of the route's targets, all of which failed. Code, ProviderCode,
// RequestID and RetryAfter are the last failure's: the one that decided the
// outcome. NotAccepted is true only when every target tried definitely did
// not accept the message.
func summarize(router, label string, e *Error, targets int) *sms.Error {
	last := e.Failures[len(e.Failures)-1].Err
	out := &sms.Error{
		Code:        sms.CodeOf(last),
		NotAccepted: true,
		Provider:    router,
		Err:         e,
	}
	for _, f := range e.Failures {
		out.NotAccepted = out.NotAccepted && sms.IsNotAccepted(f.Err)
	}
	if se, ok := errors.AsType[*sms.Error](last); ok {
		out.ProviderCode = se.ProviderCode
		out.RequestID = se.RequestID
		out.RetryAfter = se.RetryAfter
	}
	out.Message = label + ": " + e.summary()
	if left := targets - len(e.Failures); left > 0 {
		out.Message += "; " + strconv.Itoa(left) + " more target(s) not tried"
	}
	return out
}
