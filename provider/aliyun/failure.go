package aliyun

import (
	"context"
	"errors"
	"net"
	"strconv"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/smskit/sms"
)

// failure classifies the failed SDK call c, after the call. parent is the
// caller's context; the Sender's Timeout is a deadline on c.ctx below it.
//
// The rule that matters: once a byte of the request was written, Aliyun may
// have accepted the message, whatever went wrong afterwards; c.wrote is
// never cleared, so no later error of the call (a dial, a read, a refused
// redirect) makes it "not accepted".
func failure(parent context.Context, c *call, sec secrets) *sms.Error {
	if c.panicked {
		return &sms.Error{Code: sms.Unknown, NotAccepted: !c.wire.Wrote(), Provider: Name,
			Message: "the Aliyun SDK failed on the answer"}
	}
	err := c.err
	if se, ok := errors.AsType[*sdkerrors.ServerError](err); ok {
		return apiFailure(se.HttpStatus(), se.ErrorCode(), se.Message(), se.RequestId(), sec)
	}
	wrote := c.wire.Wrote()
	safe := sanitize(err, sec)
	e := &sms.Error{Provider: Name, NotAccepted: !wrote, Err: safe}
	switch {
	case c.redirect != 0:
		e.Code = sms.Unknown
		e.NotAccepted = false
		e.Message = "HTTP " + strconv.Itoa(c.redirect) + " redirect, not followed: Aliyun's API never redirects, and the request may have been accepted"
		e.Err = errRedirect
		return e
	case c.tooLong:
		e.Code = sms.Unknown
		e.NotAccepted = false
		e.Message = "answer longer than " + strconv.Itoa(maxAnswerBytes>>10) + " KiB, not read: Aliyun's answers are " +
			"far shorter, and the request may have been accepted"
		e.Err = errTooLong
		return e
	case parent.Err() != nil:
		e.Code = sms.ContextError(parent.Err(), !wrote).Code
		e.Message = parent.Err().Error()
		e.Err = parent.Err()
	case c.credentialsFailed:
		e.Code = sms.PermissionDenied
		e.Message = "no credentials: set an AccessKey pair or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	case !c.started():
		e.Code = sms.Unknown
		e.Message = "the SDK failed before sending"
	case isTimeout(err) && !isDial(err):
		e.Code = sms.DeadlineExceeded
		e.Message = "no answer within the timeout"
	case !wrote:
		e.Code = sms.Unavailable
		e.Message = "cannot reach Aliyun"
	default:
		e.Code = sms.Unknown
		e.Message = "connection lost after the request was sent"
	}
	if safe != errWithheld && e.Err == safe {
		e.Message += ": " + safe.Error()
	}
	return e
}

// notStarted reports a call whose context ended before its request began:
// nothing was sent.
func notStarted(ctx context.Context) *sms.Error {
	err := ctx.Err()
	return &sms.Error{Code: sms.ContextError(err, true).Code, NotAccepted: true, Provider: Name,
		Message: err.Error(), Err: err}
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
