package smstest

import (
	"testing"

	"github.com/smskit/sms"
)

// Harness connects the suite to one Sender and to the backend behind it.
// Only Sender and Received are required.
type Harness struct {
	// Sender is the Sender under test.
	Sender sms.Sender
	// Received returns every message the backend received, in any order,
	// translated back into smskit's terms: To in E.164, Template as the suite
	// sent it (or empty, with the rendered text in Body, for body-based
	// backends), Params and Reference as received.
	Received func() []sms.Message
	// Outage, when set, makes the backend fail every request with a
	// transient provider-side failure (on) or recover (off).
	Outage func(on bool)
	// Throttle, when set, makes the backend reject every request as
	// throttled provider-wide (on) or stop (off).
	Throttle func(on bool)
	// Hold, when set, makes the backend hold the next request it receives:
	// neither accept nor answer it until release is called (release may be
	// called more than once). arrived is closed when that request has
	// reached the backend. A held request whose client has gone away when
	// it is released must not be accepted. CancelMidCall uses it to end a
	// send's context while the send waits for the backend; it is skipped
	// when Hold is nil.
	Hold func() (arrived <-chan struct{}, release func())
	// Template is the template the suite sends. The backend must accept it
	// with the params the suite sends (see Sample). Empty means "conformance".
	Template string
	// Unsupported names the suite's cases the backend cannot support (the
	// Case constants), each with the reason; they are skipped with that
	// reason. A name that is not a case, or an empty reason, fails the test.
	Unsupported map[string]string
	// Provider, when set, is the Result.Provider every successful send must
	// report. Empty accepts any non-empty Provider.
	Provider string
	// IgnoresReference is true for backends that cannot carry
	// Message.Reference (no equivalent of Aliyun's OutId): RoundTrip then
	// does not compare it, and Concurrent matches received messages by
	// recipient alone. The zero value requires Reference to arrive intact.
	IgnoresReference bool
}

// NewHarness makes a fresh Harness, with a fresh backend, for one test; it
// registers its cleanup with t.Cleanup.
type NewHarness func(t *testing.T) *Harness
