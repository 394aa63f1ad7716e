package verifytest

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// The names of the Verifier suite's cases: the subtest names Run uses and
// the keys of Backend.Unsupported.
const (
	// CaseApprove: the right code is approved once; the same code checked
	// again is not.
	CaseApprove = "Approve"
	// CaseWrongCode: a wrong code is not approved and counts down
	// AttemptsLeft; the right code is still approved after it.
	CaseWrongCode = "WrongCode"
	// CaseIsolation: the right code checked for another purpose or another
	// number is not approved, and leaves the verification pending.
	CaseIsolation = "Isolation"
	// CaseExpiry: the right code is approved just before ValidFor and not
	// after it (Expired when ReportsExpiry). Needs Advance.
	CaseExpiry = "Expiry"
	// CaseAttemptCap: after MaxAttempts wrong codes the right code is not
	// approved (TooManyAttempts when ReportsExpiry).
	CaseAttemptCap = "AttemptCap"
	// CaseResendInterval: a second Start within Interval fails with
	// RateLimited, not accepted, with a RetryAfter of at most Interval,
	// sends nothing and leaves the first code valid; after Interval
	// (with Advance) Start succeeds.
	CaseResendInterval = "ResendInterval"
	// CaseDuplicate: after a resend, the first code is approved under
	// KeepAll and not under ReplaceOld, where the newest is. Needs
	// Advance when Interval is set.
	CaseDuplicate = "Duplicate"
	// CaseMaxSends: after MaxSends codes, each Interval apart, another
	// Start fails with RateLimited, not accepted, and sends nothing; the
	// newest code still works. Skipped when MaxSends is zero, or Interval
	// is set and Advance is nil.
	CaseMaxSends = "MaxSends"
	// CaseConcurrent: 64 goroutines check the right code at once; exactly
	// one is approved.
	CaseConcurrent = "Concurrent"
	// CaseInvalidInput: Start to a malformed number fails with
	// InvalidArgument, not accepted, and sends nothing; Check of an empty
	// code or a malformed number fails with InvalidArgument.
	CaseInvalidInput = "InvalidInput"
	// CaseNoLeak: no error text, outcome text or Verification ID of the
	// other cases' situations holds the number, the code or a secret.
	CaseNoLeak = "NoLeak"
)

// testCase is one case of the Verifier suite.
type testCase struct {
	name string
	run  func(r reporter, b *Backend)
}

var cases = []testCase{
	{CaseApprove, testApprove},
	{CaseWrongCode, testWrongCode},
	{CaseIsolation, testIsolation},
	{CaseExpiry, testExpiry},
	{CaseAttemptCap, testAttemptCap},
	{CaseResendInterval, testResendInterval},
	{CaseDuplicate, testDuplicate},
	{CaseMaxSends, testMaxSends},
	{CaseConcurrent, testConcurrent},
	{CaseInvalidInput, testInvalidInput},
	{CaseNoLeak, testNoLeak},
}

// Cases returns the names of the Verifier suite's cases, in the order Run
// runs them.
func Cases() []string {
	names := make([]string, len(cases))
	for i, c := range cases {
		names[i] = c.name
	}
	return names
}

// Run runs every case of the Verifier suite as a subtest of t, each
// against a fresh Backend from h.New. Cases named in Backend.Unsupported,
// and cases whose optional hook is nil, are skipped with a reason.
func Run(t *testing.T, h Harness) {
	t.Helper()
	if h.New == nil {
		t.Fatal("verifytest: Run needs Harness.New, got nil")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := h.New(t)
			runCase(t, c, &b)
		})
	}
}

// runCase checks b, skips c if b says so, and runs c.
func runCase(r reporter, c testCase, b *Backend) {
	r.Helper()
	switch {
	case b.Verifier == nil:
		r.Fatalf("verifytest: Backend.Verifier is nil")
	case b.LastCode == nil:
		r.Fatalf("verifytest: Backend.LastCode is nil: set it to a func returning the code sent to a number")
	case b.MaxAttempts < 3:
		r.Fatalf("verifytest: Backend.MaxAttempts is %d; the suite needs at least 3", b.MaxAttempts)
	case b.ValidFor <= 2*1e9:
		r.Fatalf("verifytest: Backend.ValidFor must be more than 2s")
	}
	if len(b.Numbers) == 0 {
		b.Numbers = DefaultNumbers
	}
	if len(b.Numbers) < 2 || b.Numbers[0] == b.Numbers[1] {
		r.Fatalf("verifytest: Backend.Numbers needs two distinct numbers")
	}
	known := Cases()
	for _, name := range slices.Sorted(maps.Keys(b.Unsupported)) {
		if !slices.Contains(known, name) {
			r.Fatalf("verifytest: Backend.Unsupported names unknown case %q; the cases are %s", name, strings.Join(known, ", "))
		}
		if strings.TrimSpace(b.Unsupported[name]) == "" {
			r.Fatalf("verifytest: Backend.Unsupported[%q] gives no reason", name)
		}
	}
	if reason, ok := b.Unsupported[c.name]; ok {
		r.Skip("verifytest: unsupported by this backend: " + reason)
	}
	c.run(r, b)
}
