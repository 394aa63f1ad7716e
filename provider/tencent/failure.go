package tencent

import (
	"context"
	"errors"
	"net"
	"strconv"

	"github.com/smskit/sms"
)

// failure classifies call c, which got no answer, after the call. parent is
// the caller's context; the Sender's Timeout is a deadline below it.
//
// The rule that matters: once a byte of the request was written, Tencent
// may have accepted the message, whatever went wrong afterwards; c.wrote is
// never cleared, so no later error (a read, a refused redirect, an answer
// too long) makes it "not accepted".
func failure(parent context.Context, c *call, sec secrets) *sms.Error {
	wrote := c.wire.Wrote()
	err := c.err
	if ue := errors.Unwrap(err); ue != nil { // the SDK's TencentCloudSDKError wraps the transport's error
		err = ue
	}
	safe := sanitize(err, sec)
	e := &sms.Error{Provider: Name, NotAccepted: !wrote, Err: safe}
	switch {
	case c.redirect != 0:
		e.Code, e.NotAccepted, e.Err = sms.Unknown, false, errRedirect
		e.Message = "HTTP " + strconv.Itoa(c.redirect) + " redirect, not followed: Tencent's API never redirects, " +
			"and the request may have been accepted"
		return e
	case c.tooLong:
		e.Code, e.NotAccepted, e.Err = sms.Unknown, false, errTooLong
		e.Message = "answer longer than " + strconv.Itoa(maxAnswerBytes>>10) + " KiB, not read: Tencent's answers are " +
			"far shorter, and the request may have been accepted"
		return e
	case parent.Err() != nil:
		e.Code = sms.ContextError(parent.Err(), !wrote).Code
		e.Message = parent.Err().Error()
		e.Err = parent.Err()
		return e
	case !c.started:
		e.Code = sms.Unknown
		e.Message = "the SDK failed before sending"
		e.Err = nil // its text may quote the request
		return e
	case isTimeout(err) && !isDial(err):
		e.Code = sms.DeadlineExceeded
		e.Message = "no answer within the timeout"
	case !wrote:
		e.Code = sms.Unavailable
		e.Message = "cannot reach Tencent Cloud"
	default:
		e.Code = sms.Unknown
		e.Message = "connection lost after the request was sent"
	}
	if safe != nil && safe != errWithheld {
		e.Message += ": " + safe.Error()
	}
	return e
}

// isDial reports whether err happened while connecting.
func isDial(err error) bool {
	oe, ok := errors.AsType[*net.OpError](err)
	return ok && oe.Op == "dial"
}

// isTimeout reports whether err is a network timeout.
func isTimeout(err error) bool {
	ne, ok := errors.AsType[net.Error](err)
	return ok && ne.Timeout()
}
