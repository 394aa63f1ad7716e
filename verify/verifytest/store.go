package verifytest

import (
	"context"
	"crypto/sha256"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/smskit/sms/verify"
)

// The names of the Store suite's cases: the subtest names RunStore uses.
const (
	// StoreApprove: the right hash is approved once, then NotFound.
	StoreApprove = "Approve"
	// StoreWrongCode: a wrong hash is WrongCode with AttemptsLeft counting
	// down; the right hash is approved after it.
	StoreWrongCode = "WrongCode"
	// StoreAttemptCap: the attempt that reaches MaxAttempts burns the
	// verification: the right hash is then TooManyAttempts.
	StoreAttemptCap = "AttemptCap"
	// StoreNotFound: a key never issued is NotFound.
	StoreNotFound = "NotFound"
	// StoreExpiry: a code is approved until Expires, Expired from then
	// until RecordGrace after, NotFound later.
	StoreExpiry = "Expiry"
	// StoreInterval: Issue within Interval is TooSoon with the exact
	// RetryAfter; at Interval it succeeds.
	StoreInterval = "Interval"
	// StoreMaxSends: the Issue after MaxSends codes is TooManySends; after
	// every code expired a new verification starts.
	StoreMaxSends = "MaxSends"
	// StoreDuplicate: under ReplaceOld only the newest code is accepted;
	// under KeepAll every unexpired one.
	StoreDuplicate = "Duplicate"
	// StoreRevoke: Revoke removes a code, uncounts its send and brings
	// back the previous code and interval; an unknown token does nothing.
	StoreRevoke = "Revoke"
	// StoreKeys: keys are independent.
	StoreKeys = "Keys"
	// StoreConcurrent: 64 concurrent checks of the right hash approve
	// exactly once; 64 concurrent Issues record exactly one code.
	StoreConcurrent = "Concurrent"
)

// NewStore returns a fresh, empty Store for one case of RunStore; it
// registers its cleanup with t.Cleanup. Times given to the store come from
// the suite (no case sleeps), starting at an arbitrary instant.
type NewStore func(t testing.TB) verify.Store

type storeCase struct {
	name string
	run  func(r reporter, s verify.Store)
}

var storeCases = []storeCase{
	{StoreApprove, storeApprove},
	{StoreWrongCode, storeWrongCode},
	{StoreAttemptCap, storeAttemptCap},
	{StoreNotFound, storeNotFound},
	{StoreExpiry, storeExpiry},
	{StoreInterval, storeIntervalCase},
	{StoreMaxSends, storeMaxSendsCase},
	{StoreDuplicate, storeDuplicate},
	{StoreRevoke, storeRevoke},
	{StoreKeys, storeKeys},
	{StoreConcurrent, storeConcurrent},
}

// StoreCases returns the names of the Store suite's cases, in order.
func StoreCases() []string {
	names := make([]string, len(storeCases))
	for i, c := range storeCases {
		names[i] = c.name
	}
	return names
}

// RunStore runs every case of the Store suite as a subtest of t, each
// against a fresh Store from newStore. A Store passes when it implements
// store.go's contract, with the times it is given (it must not read a
// clock of its own for decisions the contract ties to Issue.Now and
// Attempt.Now; a store that also expires records by its own clock, as
// Redis TTLs do, must keep them at least until the contract lets it forget
// them).
func RunStore(t *testing.T, newStore NewStore) {
	t.Helper()
	if newStore == nil {
		t.Fatal("verifytest: RunStore needs a NewStore, got nil")
	}
	for _, c := range storeCases {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			if s == nil {
				t.Fatal("verifytest: NewStore returned nil")
			}
			c.run(t, s)
		})
	}
}

// The parameters every store case issues codes with.
const (
	storeValidFor    = 5 * time.Minute
	storeInterval    = time.Minute
	storeMaxSends    = 3
	storeMaxAttempts = 4
)

// storeEpoch is the suite's "now" at the start of every case: the time the
// test binary started, to the second, so that a store that also gives its
// records a real expiry (Redis PEXPIREAT from Issue.Now) keeps them for the
// whole case. Every other time is storeEpoch plus a fixed offset.
var storeEpoch = time.Now().Truncate(time.Second)

// hashOf returns a stand-in for a code's keyed hash.
func hashOf(code string) []byte {
	h := sha256.Sum256([]byte("verifytest:" + code))
	return h[:]
}

func issueIn(token, code string, now time.Time, dup verify.DuplicatePolicy) verify.Issue {
	return verify.Issue{Token: token, Hash: hashOf(code), Now: now, ValidFor: storeValidFor,
		Interval: storeInterval, MaxSends: storeMaxSends, Duplicate: dup}
}

func mustIssue(r reporter, s verify.Store, key, token, code string, now time.Time, dup verify.DuplicatePolicy) verify.Issued {
	r.Helper()
	got, err := s.Issue(context.Background(), key, issueIn(token, code, now, dup))
	if err != nil {
		r.Fatalf("Issue(%s): %v", token, err)
	}
	if got.Refusal != verify.NotRefused {
		r.Fatalf("Issue(%s) at +%v: refused (%d), want recorded", token, now.Sub(storeEpoch), got.Refusal)
	}
	if want := now.Add(storeValidFor); !got.Expires.Equal(want) {
		r.Errorf("Issue(%s): Expires %v, want %v", token, got.Expires, want)
	}
	return got
}

func storeCheck(r reporter, s verify.Store, key, code string, now time.Time) verify.Outcome {
	r.Helper()
	out, err := s.Check(context.Background(), key, verify.Attempt{Hash: hashOf(code), Now: now, MaxAttempts: storeMaxAttempts})
	if err != nil {
		r.Fatalf("Check: %v", err)
	}
	return out
}

func wantStatus(r reporter, what string, out verify.Outcome, want verify.Status) {
	r.Helper()
	if out.Status != want {
		r.Errorf("%s: outcome %q, want %q", what, out, want)
	}
}

func storeApprove(r reporter, s verify.Store) {
	now := storeEpoch
	mustIssue(r, s, "k", "t1", "right", now, verify.ReplaceOld)
	wantStatus(r, "the right hash", storeCheck(r, s, "k", "right", now), verify.Approved)
	wantStatus(r, "the right hash again", storeCheck(r, s, "k", "right", now), verify.NotFound)
}

func storeWrongCode(r reporter, s verify.Store) {
	now := storeEpoch
	mustIssue(r, s, "k", "t1", "right", now, verify.ReplaceOld)
	for i := 1; i < storeMaxAttempts; i++ {
		out := storeCheck(r, s, "k", "wrong", now)
		wantStatus(r, "wrong hash "+strconv.Itoa(i), out, verify.WrongCode)
		if out.AttemptsLeft != storeMaxAttempts-i {
			r.Errorf("wrong hash %d: AttemptsLeft %d, want %d", i, out.AttemptsLeft, storeMaxAttempts-i)
		}
	}
	wantStatus(r, "the right hash at the last attempt", storeCheck(r, s, "k", "right", now), verify.Approved)
}

func storeAttemptCap(r reporter, s verify.Store) {
	now := storeEpoch
	mustIssue(r, s, "k", "t1", "right", now, verify.ReplaceOld)
	for i := 1; i <= storeMaxAttempts; i++ {
		out := storeCheck(r, s, "k", "wrong", now)
		if out.Approved() {
			r.Errorf("wrong hash %d: approved", i)
		}
	}
	for range 3 {
		wantStatus(r, "the right hash after MaxAttempts wrong ones", storeCheck(r, s, "k", "right", now), verify.TooManyAttempts)
	}
}

func storeNotFound(r reporter, s verify.Store) {
	wantStatus(r, "a key never issued", storeCheck(r, s, "nobody", "right", storeEpoch), verify.NotFound)
	mustIssue(r, s, "k", "t1", "right", storeEpoch, verify.ReplaceOld)
	wantStatus(r, "a key never issued, with others issued", storeCheck(r, s, "nobody", "right", storeEpoch), verify.NotFound)
}

func storeExpiry(r reporter, s verify.Store) {
	mustIssue(r, s, "early", "t1", "right", storeEpoch, verify.ReplaceOld)
	mustIssue(r, s, "late", "t2", "right", storeEpoch, verify.ReplaceOld)
	mustIssue(r, s, "forgotten", "t3", "right", storeEpoch, verify.ReplaceOld)
	expires := storeEpoch.Add(storeValidFor)
	wantStatus(r, "the right hash 1ns before Expires", storeCheck(r, s, "early", "right", expires.Add(-1)), verify.Approved)
	wantStatus(r, "the right hash at Expires", storeCheck(r, s, "late", "right", expires), verify.Expired)
	wantStatus(r, "the right hash just before RecordGrace ends", storeCheck(r, s, "late", "right", expires.Add(verify.RecordGrace-time.Second)), verify.Expired)
	wantStatus(r, "the right hash after RecordGrace", storeCheck(r, s, "forgotten", "right", expires.Add(verify.RecordGrace+time.Second)), verify.NotFound)
}

func storeIntervalCase(r reporter, s verify.Store) {
	mustIssue(r, s, "k", "t1", "one", storeEpoch, verify.ReplaceOld)
	at := storeEpoch.Add(storeInterval - 10*time.Second)
	got, err := s.Issue(context.Background(), "k", issueIn("t2", "two", at, verify.ReplaceOld))
	switch {
	case err != nil:
		r.Fatalf("Issue within Interval: %v", err)
	case got.Refusal != verify.TooSoon:
		r.Errorf("Issue within Interval: refusal %d, want TooSoon", got.Refusal)
	case got.RetryAfter != 10*time.Second:
		r.Errorf("Issue 10s before Interval ends: RetryAfter %v, want 10s", got.RetryAfter)
	}
	wantStatus(r, "the first code after a refused Issue", storeCheck(r, s, "k", "one", at), verify.Approved)
	mustIssue(r, s, "k2", "t3", "one", storeEpoch, verify.ReplaceOld)
	got = mustIssue(r, s, "k2", "t4", "two", storeEpoch.Add(storeInterval), verify.ReplaceOld)
	if got.Sends != 2 {
		r.Errorf("the second code: Sends %d, want 2", got.Sends)
	}
}

func storeMaxSendsCase(r reporter, s verify.Store) {
	now := storeEpoch
	for i := 1; i <= storeMaxSends; i++ {
		got := mustIssue(r, s, "k", "t"+strconv.Itoa(i), "c"+strconv.Itoa(i), now, verify.ReplaceOld)
		if got.Sends != i {
			r.Errorf("code %d: Sends %d, want %d", i, got.Sends, i)
		}
		now = now.Add(storeInterval)
	}
	got, err := s.Issue(context.Background(), "k", issueIn("tx", "cx", now, verify.ReplaceOld))
	if err != nil || got.Refusal != verify.TooManySends || got.RetryAfter <= 0 {
		r.Errorf("Issue after MaxSends codes: %+v, %v; want TooManySends with a RetryAfter", got, err)
	}
	last := now.Add(-storeInterval).Add(storeValidFor)
	got = mustIssue(r, s, "k", "ty", "cy", last, verify.ReplaceOld)
	if got.Sends != 1 {
		r.Errorf("Issue after every code expired: Sends %d, want 1 (a new verification)", got.Sends)
	}
}

func storeDuplicate(r reporter, s verify.Store) {
	for _, dup := range []verify.DuplicatePolicy{verify.ReplaceOld, verify.KeepAll} {
		key := "k" + strconv.Itoa(int(dup))
		mustIssue(r, s, key, "t1", "old", storeEpoch, dup)
		now := storeEpoch.Add(storeInterval)
		mustIssue(r, s, key, "t2", "new", now, dup)
		if dup == verify.ReplaceOld {
			wantStatus(r, "the superseded code under ReplaceOld", storeCheck(r, s, key, "old", now), verify.WrongCode)
			wantStatus(r, "the newest code under ReplaceOld", storeCheck(r, s, key, "new", now), verify.Approved)
		} else {
			wantStatus(r, "the older code under KeepAll", storeCheck(r, s, key, "old", now), verify.Approved)
		}
	}
	// Under KeepAll an older code that expired is not accepted.
	mustIssue(r, s, "k3", "t1", "old", storeEpoch, verify.KeepAll)
	mustIssue(r, s, "k3", "t2", "new", storeEpoch.Add(4*time.Minute), verify.KeepAll)
	wantStatus(r, "an expired older code under KeepAll", storeCheck(r, s, "k3", "old", storeEpoch.Add(storeValidFor)), verify.WrongCode)
}

func storeRevoke(r reporter, s verify.Store) {
	ctx := context.Background()
	mustIssue(r, s, "k", "t1", "one", storeEpoch, verify.ReplaceOld)
	second := storeEpoch.Add(storeInterval)
	mustIssue(r, s, "k", "t2", "two", second, verify.ReplaceOld)
	if err := s.Revoke(ctx, "k", "t2"); err != nil {
		r.Fatalf("Revoke: %v", err)
	}
	if err := s.Revoke(ctx, "k", "unknown"); err != nil {
		r.Errorf("Revoke of an unknown token: %v", err)
	}
	if err := s.Revoke(ctx, "nobody", "t1"); err != nil {
		r.Errorf("Revoke of an unknown key: %v", err)
	}
	got := mustIssue(r, s, "k", "t3", "three", second, verify.ReplaceOld)
	if got.Sends != 2 {
		r.Errorf("Issue after a Revoke: Sends %d, want 2 (the revoked send uncounted)", got.Sends)
	}
	if err := s.Revoke(ctx, "k", "t3"); err != nil {
		r.Fatalf("Revoke: %v", err)
	}
	wantStatus(r, "the revoked code", storeCheck(r, s, "k", "three", second), verify.WrongCode)
	wantStatus(r, "the previous code after a Revoke", storeCheck(r, s, "k", "one", second), verify.Approved)

	mustIssue(r, s, "solo", "t1", "one", storeEpoch, verify.ReplaceOld)
	if err := s.Revoke(ctx, "solo", "t1"); err != nil {
		r.Fatalf("Revoke: %v", err)
	}
	wantStatus(r, "the only code, revoked", storeCheck(r, s, "solo", "one", storeEpoch), verify.NotFound)
	mustIssue(r, s, "solo", "t2", "two", storeEpoch, verify.ReplaceOld) // no interval left behind
}

func storeKeys(r reporter, s verify.Store) {
	mustIssue(r, s, "a", "t1", "same", storeEpoch, verify.ReplaceOld)
	mustIssue(r, s, "b", "t2", "same", storeEpoch, verify.ReplaceOld)
	for range storeMaxAttempts {
		storeCheck(r, s, "a", "wrong", storeEpoch)
	}
	wantStatus(r, "key b after key a was burned", storeCheck(r, s, "b", "same", storeEpoch), verify.Approved)
}

func storeConcurrent(r reporter, s verify.Store) {
	mustIssue(r, s, "k", "t1", "right", storeEpoch, verify.ReplaceOld)
	var (
		wg               sync.WaitGroup
		mu               sync.Mutex
		approved, issued int
		errs             []error
		gate             = make(chan struct{})
	)
	for i := range Concurrency {
		wg.Go(func() {
			<-gate
			out, err := s.Check(context.Background(), "k", verify.Attempt{Hash: hashOf("right"), Now: storeEpoch, MaxAttempts: storeMaxAttempts})
			got, ierr := s.Issue(context.Background(), "other", issueIn("c"+strconv.Itoa(i), "x", storeEpoch, verify.ReplaceOld))
			mu.Lock()
			defer mu.Unlock()
			if err != nil || ierr != nil {
				errs = append(errs, err, ierr)
			}
			if out.Approved() {
				approved++
			}
			if ierr == nil && got.Refusal == verify.NotRefused {
				issued++
			}
		})
	}
	close(gate)
	wg.Wait()
	if approved != 1 {
		r.Errorf("%d concurrent checks of the right hash: %d approved, want exactly 1", Concurrency, approved)
	}
	if issued != 1 {
		r.Errorf("%d concurrent Issues within Interval: %d recorded, want exactly 1", Concurrency, issued)
	}
	for _, err := range errs {
		if err != nil {
			r.Errorf("concurrent call: %v", err)
		}
	}
}
