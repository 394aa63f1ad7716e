package aliyun

import (
	"context"
	"errors"
	"net"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/smskit/sms"
)

// failure classifies an error returned by the SDK for call c, after the
// call. parent is the caller's context; the Sender's total timeout is the
// SDK's http.Client.Timeout, which fails with a network timeout.
//
// The rule that matters: once the request was written, Aliyun may have
// accepted the message, whatever went wrong afterwards.
func failure(parent context.Context, c *call, err error, sec secrets) *sms.Error {
	if se, ok := errors.AsType[*sdkerrors.ServerError](err); ok {
		return apiFailure(se.HttpStatus(), se.ErrorCode(), se.Message(), se.RequestId(), sec)
	}
	wrote := c.wrote.Load() && !isDial(err) // no connection, nothing written
	safe := sanitize(err, sec)
	e := &sms.Error{Provider: Name, NotAccepted: !wrote, Err: safe}
	switch {
	case parent.Err() != nil:
		e.Code = sms.ContextError(parent.Err(), !wrote).Code
		e.Message = parent.Err().Error()
		e.Err = parent.Err()
	case c.credentialsFailed:
		e.Code = sms.PermissionDenied
		e.Message = "no credentials: set an AccessKey pair or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	case c.roundTrips.Load() == 0:
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

// recoverSDK turns a panic of the SDK during call c into *err. The SDK
// panics on some malformed answers (an error answer whose Code is not a
// string), which anyone on the path of a plain-HTTP endpoint can send. The
// client that panicked is not returned to the pool. Deferred by the method
// that makes the SDK call, so that it adds no stack frame to the call.
func recoverSDK(c *call, err *error) {
	if recover() == nil {
		return
	}
	*err = &sms.Error{
		Code:        sms.Unknown,
		NotAccepted: !c.wrote.Load(),
		Provider:    Name,
		Message:     "the Aliyun SDK failed on the answer",
	}
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
