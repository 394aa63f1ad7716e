package sms

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Code classifies a failure so that callers and middleware can decide what to
// do without knowing the provider. Every provider maps its own errors onto
// this short list, as gocloud.dev's gcerrors does.
type Code int

// The error codes. The zero Code is OK, the code of a nil error.
const (
	// OK is the code of a nil error.
	OK Code = iota
	// Unknown is a failure nobody could classify, including a provider
	// answer that was lost on the way back.
	Unknown
	// InvalidArgument is a bad number, a missing template or bad params:
	// sending the same message again fails again.
	InvalidArgument
	// PermissionDenied is bad credentials, or a sign or template that is not
	// approved: an operator must act.
	PermissionDenied
	// QuotaExceeded is an empty balance or an account-wide cap: an operator
	// must act.
	QuotaExceeded
	// RateLimited is a rejection by a rate limit, the provider's or smskit's;
	// Error.RetryAfter says when trying again may succeed.
	RateLimited
	// Unavailable is a transient provider failure such as an outage or an
	// open circuit breaker.
	Unavailable
	// Canceled is the caller's cancellation.
	Canceled
	// DeadlineExceeded is an expired deadline.
	DeadlineExceeded
)

var codeNames = [...]string{
	OK:               "ok",
	Unknown:          "unknown",
	InvalidArgument:  "invalid argument",
	PermissionDenied: "permission denied",
	QuotaExceeded:    "quota exceeded",
	RateLimited:      "rate limited",
	Unavailable:      "unavailable",
	Canceled:         "canceled",
	DeadlineExceeded: "deadline exceeded",
}

// String returns the code's name in lower case, such as "rate limited".
func (c Code) String() string {
	if c >= 0 && int(c) < len(codeNames) {
		return codeNames[c]
	}
	return "code(" + strconv.Itoa(int(c)) + ")"
}

// Error is the error every smskit Sender returns.
//
// Its most important field is NotAccepted. An SMS costs money, cannot be
// recalled, and a second verification code confuses its reader, so only a
// message that was definitely not accepted may be sent again (retried or
// failed over). The zero value, false, is the safe answer: the message may
// have been accepted.
//
// Error's text is built from Provider, Code, Message, ProviderCode and
// RequestID only; the wrapped Err is reachable with errors.As but never
// printed, because a provider's own errors may hold credentials or phone
// numbers. Message must never hold secrets or personal data.
type Error struct {
	// Code classifies the failure.
	Code Code
	// NotAccepted is true when the provider definitely did not accept the
	// message; false means it may have been accepted.
	NotAccepted bool
	// Provider names the provider or middleware that failed, such as "aliyun"
	// or "ratelimit".
	Provider string
	// ProviderCode is the provider's raw error code, such as
	// "isv.BUSINESS_LIMIT_CONTROL".
	ProviderCode string
	// RequestID is the provider's request id, when it answered.
	RequestID string
	// RetryAfter is how long to wait before trying again, when known.
	RetryAfter time.Duration
	// PerRecipient is true for a failure that concerns this recipient only,
	// such as a per-number rate limit (Aliyun's isv.BUSINESS_LIMIT_CONTROL,
	// middleware.RecipientLimit): other recipients are unaffected, so it
	// must not open a circuit breaker, and sending through another provider
	// would get around the limit, so a router must not fail over.
	PerRecipient bool
	// Message describes the failure for people; never secrets or personal
	// data.
	Message string
	// Err is the underlying error, for errors.Is and errors.As.
	Err error
}

// Error formats e as "sms: PROVIDER: CODE: MESSAGE (details)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("sms: ")
	if e.Provider != "" {
		b.WriteString(e.Provider)
		b.WriteString(": ")
	}
	b.WriteString(e.Code.String())
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	b.WriteString(" (")
	if e.ProviderCode != "" {
		b.WriteString(e.ProviderCode)
		b.WriteString(", ")
	}
	if e.RequestID != "" {
		b.WriteString("request ")
		b.WriteString(e.RequestID)
		b.WriteString(", ")
	}
	if e.RetryAfter > 0 {
		b.WriteString("retry after ")
		b.WriteString(RoundDuration(e.RetryAfter).String())
		b.WriteString(", ")
	}
	if e.NotAccepted {
		b.WriteString("not accepted)")
	} else {
		b.WriteString("may have been accepted)")
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// ContextError turns a context's error into an *Error with code Canceled or
// DeadlineExceeded. notAccepted says whether the request had not yet been
// written when the context ended.
func ContextError(err error, notAccepted bool) *Error {
	code := Canceled
	if errors.Is(err, context.DeadlineExceeded) {
		code = DeadlineExceeded
	}
	return &Error{Code: code, NotAccepted: notAccepted, Message: err.Error(), Err: err}
}

// WithProvider returns err attributed to provider: a copy of the *Error in
// err's chain with Provider set, so that a Sender can report an error made by
// this package (Normalize, ParsePhone, ContextError) as its own. An err
// without an *Error is returned as it is.
func WithProvider(err error, provider string) error {
	e, ok := errors.AsType[*Error](err)
	if !ok {
		return err
	}
	c := *e
	c.Provider = provider
	return &c
}

// CodeOf returns err's Code: OK for nil, the Code of an *Error in err's chain,
// Canceled or DeadlineExceeded for context errors, and Unknown otherwise.
func CodeOf(err error) Code {
	if err == nil {
		return OK
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	switch {
	case errors.Is(err, context.Canceled):
		return Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return DeadlineExceeded
	}
	return Unknown
}

// IsNotAccepted reports whether err says the message was definitely not
// accepted. It is false for nil and for errors that are not an *Error: when
// in doubt, the message may have been accepted.
func IsNotAccepted(err error) bool {
	e, ok := errors.AsType[*Error](err)
	return ok && e.NotAccepted
}

// IsRetryable reports whether sending the same message again may succeed and
// cannot duplicate it: the failure is transient (Unavailable or RateLimited)
// and the message was definitely not accepted.
func IsRetryable(err error) bool {
	e, ok := errors.AsType[*Error](err)
	return ok && e.NotAccepted && (e.Code == Unavailable || e.Code == RateLimited)
}

// RetryAfterOf returns the RetryAfter of the *Error in err's chain, or zero.
func RetryAfterOf(err error) time.Duration {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.RetryAfter
	}
	return 0
}

// RoundDuration rounds d for people to read: to the second from one second
// up, to the millisecond below (59.978098144s prints as 1m0s, 2.4ms as 2ms).
// Errors and log lines print durations through it.
func RoundDuration(d time.Duration) time.Duration {
	if d >= time.Second || d <= -time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}

// CheckContext is the first check of every Send and Status: a nil ctx is an
// InvalidArgument wrapping ErrNilContext, where net/http would panic; a done
// ctx is ContextError(ctx.Err(), true). It returns nil for a live context.
func CheckContext(ctx context.Context) error {
	if ctx == nil {
		return invalid(ErrNilContext, "nil context.Context: pass context.Background() or a request's context")
	}
	if err := ctx.Err(); err != nil {
		return ContextError(err, true)
	}
	return nil
}
