package redisstore

import (
	"errors"
	"strconv"
)

// Name names this package in its errors.
const Name = "redisstore"

// FailMode says what the limit store does when Redis cannot decide in
// time: it is unreachable, restarting, or slower than the context allows.
type FailMode int

const (
	// FailClosed refuses the send: Take returns an *Error, and
	// middleware.RecipientLimit rejects the message with sms.Unavailable,
	// not accepted. The safe default: an outage of Redis cannot be used to
	// pump SMS.
	FailClosed FailMode = iota
	// FailOpen lets the send through unlimited: Take returns true and no
	// error, and reports the *Error (FailOpen true) to LimitOptions.OnError.
	// For applications that prefer sending codes during an outage of Redis
	// to refusing them; the provider's own limits still apply.
	FailOpen
)

// String returns "fail closed" or "fail open".
func (m FailMode) String() string {
	switch m {
	case FailClosed:
		return "fail closed"
	case FailOpen:
		return "fail open"
	}
	return "failmode(" + strconv.Itoa(int(m)) + ")"
}

// ErrUnavailable is matched (errors.Is) by every *Error: Redis did not
// decide.
var ErrUnavailable = errors.New("redisstore: redis unavailable")

// Error is the error of a store operation that Redis did not answer: the
// connection failed, the context ended first, or Redis answered with an
// error. Its text names the operation and, for the limit store, whether it
// failed open or closed; it never holds a key (keys are hashed before they
// reach Redis, and the text holds none of them either). The cause is
// wrapped: errors.Is(err, context.DeadlineExceeded) tells a slow Redis.
type Error struct {
	// Op is the store operation: "take", "refund", "issue", "revoke" or
	// "check".
	Op string
	// FailOpen is true when the limit store let the send through anyway
	// (FailOpen). It is false for a refused send (FailClosed) and for every
	// operation of the verification store, which never guesses.
	FailOpen bool
	// Err is the cause, from go-redis or the context.
	Err error
}

// Error reads "redisstore: take: redis did not decide, failing closed
// (the send is refused): CAUSE".
func (e *Error) Error() string {
	s := "redisstore: " + e.Op + ": redis did not decide"
	switch {
	case e.Op != "take":
	case e.FailOpen:
		s += ", failing open (the send is allowed without a limit)"
	default:
		s += ", failing closed (the send is refused)"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is ErrUnavailable.
func (e *Error) Is(target error) bool { return target == ErrUnavailable }
