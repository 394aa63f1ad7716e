package wire

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/twilio/twilio-go/client"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// ErrUnexpectedAnswer is wrapped by the *sms.Error of an answer that is not
// the API's: a 2xx without the resource the call creates or reads, any
// 3xx, or a 4xx or 5xx without Twilio's error body (a gateway's HTML page,
// a cut or unreadable body). Such an answer may have come after the request
// reached Twilio, so its error is never NotAccepted.
var ErrUnexpectedAnswer = errors.New("twilio: the answer is not twilio's API's")

// meaning is what a Twilio error code means for a caller.
type meaning struct {
	code sms.Code
	text string
}

// codes maps Twilio's error codes, of the Messages API and of Verify v2,
// to smskit's. The texts are smskit's own: Twilio's messages quote phone
// numbers, so they are never copied.
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
	// Verify v2 (twilio.com/docs/verify/api/error-codes).
	60200: {sms.InvalidArgument, "verify refused a parameter: check the number, the code and the service"},
	60202: {sms.RateLimited, "the verification's checks are used up (5 per verification)"},
	60203: {sms.RateLimited, "the verification's sends are used up (5 per verification)"},
	60205: {sms.InvalidArgument, "the recipient is a landline, which cannot receive SMS"},
	60212: {sms.RateLimited, "too many concurrent requests for the recipient"},
	60220: {sms.PermissionDenied, "verification SMS to China need twilio's use-case vetting"},
	60238: {sms.PermissionDenied, "twilio blocked the verification"},
	60410: {sms.PermissionDenied, "twilio's fraud guard blocks verification SMS to the recipient's prefix for now"},
	60605: {sms.PermissionDenied, "the service's geo permissions block the recipient's country"},
}

// MappedCodes returns the Twilio error codes the packages map, unsorted,
// for tests that must cover each.
func MappedCodes() []int {
	out := make([]int, 0, len(codes))
	for code := range codes {
		out = append(out, code)
	}
	return out
}

// Failure turns a twilio-go call that got no usable answer, or an error
// answer, into an *sms.Error, using what c saw on the wire: whether the
// request got a connection (and so may have been written) and the answer,
// if one arrived. Without an answer, the *sms.Error wraps a sanitized copy
// of err, free of sec (see redact.go); with one, it wraps only what
// FromAnswer chose. what names the resource a 2xx must hold, as "a
// message with a valid SID".
func (cl *Client) Failure(ctx context.Context, c *Call, err error, sec redact.Secrets, national, what string) *sms.Error {
	if c.answer != nil {
		return cl.FromAnswer(c.answer, national, what)
	}
	rest, isRest := errors.AsType[*client.TwilioRestError](err)
	switch {
	case !c.attempted && isRest:
		// twilio-go refused the request before sending it.
		return cl.FromCode(http.StatusBadRequest, TwilioCode(rest.Code), "")
	case !c.attempted:
		return &sms.Error{Code: sms.Unknown, NotAccepted: true, Provider: Name,
			Message: "twilio-go could not build the request", Err: Sanitize(err, sec)}
	case ctx.Err() != nil:
		return ContextError(ctx.Err(), !c.connected.Load())
	case !c.connected.Load():
		return &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: Name,
			Message: "could not send the request to twilio", Err: Sanitize(err, sec)}
	}
	return &sms.Error{Code: sms.Unknown, Provider: Name,
		Message: "the connection failed while the request was in flight", Err: Sanitize(err, sec)}
}

// FromAnswer classifies an answer that holds no usable resource. The shape
// of the answer decides, whatever the HTTP status that carries it: only
// Twilio's own error body, under a 4xx or 5xx, says that Twilio refused the
// request. Any other answer (a 2xx without what, a 3xx, which the APIs
// never send and a Call never follows, or a body that is not Twilio's
// error, such as a gateway's HTML page) may have come after Twilio accepted
// the request: Unknown, may have been accepted.
//
// The *sms.Error carries only what smskit chose: the HTTP status and
// Twilio's error code as numbers, a request id that passes CleanRequestID,
// and smskit's own text. No byte of the body is quoted.
func (cl *Client) FromAnswer(a *Answer, national, what string) *sms.Error {
	status := strconv.Itoa(a.Status)
	requestID := cl.CleanRequestID(a.RequestID, national)
	code := 0
	if a.Status >= 400 {
		code = a.TwilioCode()
	}
	var message string
	switch {
	case code != 0:
		e := cl.FromCode(a.Status, code, a.RetryAfter)
		e.RequestID = requestID
		return e
	case a.Status >= 200 && a.Status < 300:
		message = "twilio's answer (HTTP " + status + ") is not " + what
	case a.Status >= 300 && a.Status < 400:
		message = "the endpoint answered with a redirect (HTTP " + status +
			"), which twilio's API never sends; it was not followed"
	default:
		message = "the answer (HTTP " + status + ") is not twilio's: it has no twilio error code, " +
			"as from a gateway in front of twilio"
	}
	return &sms.Error{Code: sms.Unknown, Provider: Name, RequestID: requestID, Message: message, Err: ErrUnexpectedAnswer}
}

// FromCode classifies Twilio's error answer with HTTP status and Twilio
// error code (zero when the answer held none). An error answer means the
// request was refused, except a 504, where a gateway gave up waiting for
// Twilio. The error wraps the *client.TwilioRestError restCopy makes.
func (cl *Client) FromCode(status, code int, retryAfterHeader string) *sms.Error {
	e := &sms.Error{Code: sms.Unknown, NotAccepted: true, Provider: Name}
	if code != 0 {
		e.ProviderCode = strconv.Itoa(code)
	}
	m, known := codes[code]
	switch {
	case status == http.StatusTooManyRequests && known && m.code == sms.RateLimited:
		e.Code, e.Message = sms.RateLimited, m.text
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
		e.RetryAfter = retryAfter(retryAfterHeader, cl.Now())
	}
	e.Err = restCopy(status, code, e.Message)
	return e
}

// retryAfter parses a Retry-After header, in seconds or as an HTTP date,
// into a duration of whole seconds of at most MaxRetryAfter.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		switch {
		case secs <= 0:
			return 0
		case secs > int64(MaxRetryAfter/time.Second):
			return MaxRetryAfter
		}
		d = time.Duration(secs) * time.Second
	} else if at, err := http.ParseTime(v); err == nil && at.After(now) {
		d = at.Sub(now).Round(time.Second)
	}
	return min(d, MaxRetryAfter)
}

// ContextError is sms.ContextError with Provider "twilio".
func ContextError(err error, notAccepted bool) *sms.Error {
	e := sms.ContextError(err, notAccepted)
	e.Provider = Name
	return e
}
