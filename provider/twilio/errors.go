package twilio

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/twilio/twilio-go/client"

	"github.com/smskit/sms"
)

// meaning is what a Twilio error code means for a caller.
type meaning struct {
	code sms.Code
	text string
}

// codes maps Twilio's error codes to smskit's. The texts are smskit's own:
// Twilio's messages quote phone numbers, so they are never copied.
var codes = map[int]meaning{
	20003: {sms.PermissionDenied, "authentication failed: check the account SID and auth token"},
	20005: {sms.PermissionDenied, "the account is not active"},
	20008: {sms.PermissionDenied, "the resource is not accessible with test credentials"},
	20404: {sms.PermissionDenied, "the account's resource was not found: check the account SID"},
	20429: {sms.RateLimited, "too many requests"},
	14107: {sms.RateLimited, "the sender's rate limit was exceeded"},
	21211: {sms.InvalidArgument, "the recipient is not a valid phone number"},
	21212: {sms.PermissionDenied, "the sender is not a valid phone number, short code or sender id"},
	21408: {sms.PermissionDenied, "sending to the recipient's region is not enabled for the account"},
	21602: {sms.InvalidArgument, "the message body is empty"},
	21603: {sms.InvalidArgument, "the message has no sender"},
	21604: {sms.InvalidArgument, "the message has no recipient"},
	21606: {sms.PermissionDenied, "the sender is not a message-capable number of the account"},
	21608: {sms.PermissionDenied, "a trial account can only send to verified numbers"},
	21609: {sms.InvalidArgument, "the status callback URL is invalid"},
	21610: {sms.InvalidArgument, "the recipient has unsubscribed (replied STOP)"},
	21611: {sms.RateLimited, "the sender's queue of messages is full"},
	21612: {sms.InvalidArgument, "the recipient cannot be reached by SMS from this sender"},
	21614: {sms.InvalidArgument, "the recipient is not a mobile number"},
	21617: {sms.InvalidArgument, "the message body is longer than 1600 characters"},
	21705: {sms.PermissionDenied, "the messaging service is invalid"},
}

// classify turns the error of a twilio-go call into an *sms.Error, using
// what c saw on the wire: whether the request got a connection (and so may
// have been written), and the answer's HTTP status and headers. The
// *sms.Error wraps a sanitized copy of err, free of sec (see redact.go).
func (s *Sender) classify(ctx context.Context, c *call, err error, sec secrets) *sms.Error {
	rest, isRest := errors.AsType[*client.TwilioRestError](err)
	if c.status == 0 {
		switch {
		case !c.attempted && isRest:
			// twilio-go refused the request before sending it.
			return s.fromAnswer(http.StatusBadRequest, twilioCode(rest.Code), nil)
		case ctx.Err() != nil:
			return contextError(ctx.Err(), !c.connected.Load())
		case !c.connected.Load():
			return &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: Name,
				Message: "could not send the request to twilio", Err: sanitize(err, sec)}
		}
		return &sms.Error{Code: sms.Unknown, Provider: Name,
			Message: "the connection failed while the request was in flight", Err: sanitize(err, sec)}
	}
	if c.status < 300 {
		return &sms.Error{Code: sms.Unknown, Provider: Name, RequestID: requestID(c.header),
			Message: "twilio accepted the request but its answer was unreadable", Err: sanitize(err, sec)}
	}
	if !isRest {
		e := s.fromAnswer(c.status, 0, c.header)
		e.Err = sanitize(err, sec)
		return e
	}
	return s.fromAnswer(c.status, twilioCode(rest.Code), c.header)
}

// fromAnswer classifies Twilio's error answer with HTTP status and Twilio
// error code (zero when the body held none). An error answer means the
// message was not created, except a 504, where a gateway gave up waiting
// for Twilio. The *sms.Error wraps the *client.TwilioRestError restCopy
// makes of the answer.
func (s *Sender) fromAnswer(status, code int, header http.Header) *sms.Error {
	e := &sms.Error{Code: sms.Unknown, NotAccepted: true, Provider: Name,
		RequestID: requestID(header)}
	if code != 0 {
		e.ProviderCode = strconv.Itoa(code)
	}
	m, known := codes[code]
	switch {
	case status == http.StatusTooManyRequests:
		e.Code, e.Message = sms.RateLimited, "too many requests"
	case status == http.StatusGatewayTimeout:
		e.Code, e.NotAccepted = sms.Unavailable, false
		e.Message = "a gateway timed out waiting for twilio (HTTP 504)"
	case status >= 500:
		e.Code, e.Message = sms.Unavailable, "twilio is unavailable (HTTP "+strconv.Itoa(status)+")"
	case known:
		e.Code, e.Message = m.code, m.text
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e.Code, e.Message = sms.PermissionDenied, "twilio refused the credentials (HTTP "+strconv.Itoa(status)+")"
	default:
		e.Message = "twilio refused the request (HTTP " + strconv.Itoa(status) + ")"
	}
	if e.Code == sms.RateLimited {
		e.RetryAfter = retryAfter(header, s.now())
	}
	e.Err = restCopy(status, code, e.Message)
	return e
}

// retryAfter parses a Retry-After header, in seconds or as an HTTP date.
func retryAfter(header http.Header, now time.Time) time.Duration {
	v := header.Get("Retry-After")
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	if at, err := http.ParseTime(v); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

// requestID returns the Twilio-Request-Id of an answer's header.
func requestID(header http.Header) string {
	return header.Get("Twilio-Request-Id")
}

// contextError is sms.ContextError for this provider.
func contextError(err error, notAccepted bool) *sms.Error {
	e := sms.ContextError(err, notAccepted)
	e.Provider = Name
	return e
}

// withProvider names this provider in a validation *sms.Error.
func withProvider(err error) error { return sms.WithProvider(err, Name) }
