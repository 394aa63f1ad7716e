package smstest

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// The names of the suite's cases: the subtest names Run uses and the keys of
// Harness.Unsupported.
const (
	// CaseSend checks that Send of Sample succeeds with a non-empty
	// Result.Provider (Harness.Provider when set) and MessageID.
	CaseSend = "Send"
	// CaseRoundTrip checks that the backend received exactly one message,
	// equal to Sample: To in E.164, Template (or, for a body-based backend
	// that reports an empty Template and a Body, every param value inside
	// the Body), every param exactly, and Reference.
	CaseRoundTrip = "RoundTrip"
	// CaseInvalidNumber checks that invalid recipients (letters, too short,
	// too long, unknown country code, not a mainland number, the classic
	// short mistakes +86123 and +861380013800, empty) fail with code
	// InvalidArgument, NotAccepted, and reach no backend.
	CaseInvalidNumber = "InvalidNumber"
	// CaseCanceled checks that a canceled context fails with Canceled and an
	// expired deadline with DeadlineExceeded, both NotAccepted, and that
	// neither reaches the backend.
	CaseCanceled = "Canceled"
	// CaseCancelMidCall checks that a send whose context is canceled, or
	// whose deadline passes, while the backend holds its request (see
	// Harness.Hold) returns within 5 seconds with code Canceled or
	// DeadlineExceeded: a Sender must watch the context for the whole call,
	// not only on entry. It may report the message as possibly accepted.
	// Skipped when Harness.Hold is nil.
	CaseCancelMidCall = "CancelMidCall"
	// CaseOutage checks that during Harness.Outage sends fail with
	// Unavailable, NotAccepted and IsRetryable, and succeed after it.
	// Skipped when Harness.Outage is nil.
	CaseOutage = "Outage"
	// CaseThrottled checks that while Harness.Throttle is on sends fail with
	// RateLimited and NotAccepted, and succeed after it. Skipped when
	// Harness.Throttle is nil.
	CaseThrottled = "Throttled"
	// CaseConcurrent sends Samples(Concurrency*SendsPerGoroutine) from
	// Concurrency goroutines at once and checks that none fails, that the
	// backend received each exactly once and nothing else, and that the
	// MessageIDs are unique.
	CaseConcurrent = "Concurrent"
	// CaseErrorText provokes the failures of the other cases and checks that
	// no error text holds a full phone number or a param value.
	CaseErrorText = "ErrorText"
)

// Two rules hold in every case. Every failure reported as definitely not
// accepted (sms.IsNotAccepted) must leave the backend as it was: Harness.Received
// gains nothing during that send, since middleware retries such failures.
// And no Send may change the caller's Message: its Params map is compared,
// after each send, with a copy taken before it.

// Cases returns the names of the suite's cases, in the order Run runs them.
func Cases() []string {
	names := make([]string, len(cases))
	for i, c := range cases {
		names[i] = c.name
	}
	return names
}

// testCase is one case of the suite: it runs against a fresh, checked
// Harness.
type testCase struct {
	name string
	run  func(r reporter, h *Harness)
}

var cases = []testCase{
	{CaseSend, testSend},
	{CaseRoundTrip, testRoundTrip},
	{CaseInvalidNumber, testInvalidNumber},
	{CaseCanceled, testCanceled},
	{CaseCancelMidCall, testCancelMidCall},
	{CaseOutage, testOutage},
	{CaseThrottled, testThrottled},
	{CaseConcurrent, testConcurrent},
	{CaseErrorText, testErrorText},
}

// Run runs every case of the suite as a subtest of t named after its Case
// constant, each against a fresh Harness from newHarness. Cases named in
// Harness.Unsupported, and cases whose optional Harness hook is nil, are
// skipped with a reason. A Harness without Sender or Received, or whose
// Unsupported names an unknown case or gives no reason, fails every subtest.
func Run(t *testing.T, newHarness NewHarness) {
	t.Helper()
	if newHarness == nil {
		t.Fatal("smstest: Run needs a NewHarness, got nil")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			runCase(t, c, newHarness(t))
		})
	}
}

// runCase checks h, skips c if h says so, and runs c.
func runCase(r reporter, c testCase, h *Harness) {
	r.Helper()
	checkHarness(r, h)
	if reason, ok := h.Unsupported[c.name]; ok {
		r.Skip("smstest: unsupported by this harness: " + reason)
	}
	c.run(r, h)
}

// checkHarness fails the test with a clear message when h is not usable.
func checkHarness(r reporter, h *Harness) {
	r.Helper()
	switch {
	case h == nil:
		r.Fatalf("smstest: NewHarness returned a nil *Harness")
	case h.Sender == nil:
		r.Fatalf("smstest: Harness.Sender is nil: set it to the Sender under test")
	case h.Received == nil:
		r.Fatalf("smstest: Harness.Received is nil: set it to a func returning what the backend received")
	}
	known := Cases()
	for _, name := range slices.Sorted(maps.Keys(h.Unsupported)) {
		if !slices.Contains(known, name) {
			r.Fatalf("smstest: Harness.Unsupported names unknown case %q; the cases are %s",
				name, strings.Join(known, ", "))
		}
		if strings.TrimSpace(h.Unsupported[name]) == "" {
			r.Fatalf("smstest: Harness.Unsupported[%q] gives no reason; say why the backend cannot support it", name)
		}
	}
}
