package route

import (
	"errors"

	"github.com/smskit/sms"
)

// DefaultFailOver is the failover policy a Router uses when
// Options.FailOver is nil. It reports whether err is a failure specific to
// the provider that returned it and definitely not accepted, so that the
// next provider may send the message:
//
//   - err must be an *sms.Error with NotAccepted true: a failure that may
//     have been accepted never fails over, whatever its code;
//   - Unavailable (outage, open circuit breaker), PermissionDenied
//     (credentials, sign or template not approved) and QuotaExceeded
//     (balance, account-wide cap) fail over;
//   - RateLimited fails over when the limit is provider-wide (API
//     throttling, a QPS limiter in front of the provider) and not when it
//     is per recipient (see IsPerRecipient);
//   - InvalidArgument (a bad number or params would fail anywhere),
//     Canceled and DeadlineExceeded (the caller's context), Unknown and any
//     other code never fail over.
func DefaultFailOver(err error) bool {
	e, ok := errors.AsType[*sms.Error](err)
	if !ok || !e.NotAccepted {
		return false
	}
	switch e.Code {
	case sms.Unavailable, sms.PermissionDenied, sms.QuotaExceeded:
		return true
	case sms.RateLimited:
		return !IsPerRecipient(err)
	}
	return false
}

// IsPerRecipient reports whether err is a rate limit on its recipient rather
// than on the provider: an *sms.Error with code RateLimited and PerRecipient
// set, as package middleware's per-recipient limit and Aliyun's
// isv.BUSINESS_LIMIT_CONTROL are. Such a failure must not fail over: another
// provider would send what the limit refused. Any other RateLimited failure
// (Aliyun's Throttling, Twilio's 429, package middleware's QPS limit) is
// taken as provider-wide.
//
// smskit's per-recipient limit is best put outside the router (wrap the
// Router, as the recommended middleware order puts it outermost), so that it
// counts each message once however many targets it tries.
func IsPerRecipient(err error) bool {
	e, ok := errors.AsType[*sms.Error](err)
	return ok && e.Code == sms.RateLimited && e.PerRecipient
}
