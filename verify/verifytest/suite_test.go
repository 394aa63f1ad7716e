package verifytest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/verify"
)

var templates = []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}."}}

var secret = []byte("verifytest-secret-0123456789abcdef0123")

// localBackend is a correct backend: the local one on a fake sender.
// mutate changes its options; flaw, when set, wraps its Verifier.
func localBackend(t testing.TB, mutate func(*verify.Options), flaw func(verify.Verifier) verify.Verifier) Backend {
	t.Helper()
	clock := testclock.New(time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC))
	sender := fake.MustNew(fake.Options{Templates: templates, Now: clock.Now})
	store, err := verify.NewMemoryStore(verify.MemoryStoreOptions{})
	require.NoError(t, err)
	opts := verify.Options{Sender: sender, Template: "login_code", Templates: templates, Store: store, Secret: secret, Now: clock.Now}
	if mutate != nil {
		mutate(&opts)
	}
	l, err := verify.New(opts)
	require.NoError(t, err)
	var v verify.Verifier = l
	if flaw != nil {
		v = flaw(l)
	}
	return Backend{
		Verifier: v,
		LastCode: func(to string) (string, bool) {
			r, ok := sender.Last(to)
			return r.Message.Params["code"], ok
		},
		Advance:  clock.Advance,
		ValidFor: verify.DefaultValidFor, Interval: verify.DefaultInterval,
		MaxAttempts: verify.DefaultMaxAttempts, MaxSends: verify.DefaultMaxSends,
		ReportsExpiry: true, ReportsAttemptsLeft: true,
		Secrets: []string{string(secret)},
	}
}

func TestRun(t *testing.T) {
	Run(t, Harness{New: func(t testing.TB) Backend { return localBackend(t, nil, nil) }})
}

func TestCasesPassCorrectVerifiers(t *testing.T) {
	for _, name := range Cases() {
		r := runRecorded(name, localBackend(t, nil, nil))
		assert.Empty(t, r.text(), name)
		assert.Empty(t, r.skipped, name)
	}
	// A backend that reports only approved or not (Aliyun's PASS/UNKNOWN).
	for _, name := range Cases() {
		b := localBackend(t, nil, func(v verify.Verifier) verify.Verifier { return passUnknown{v} })
		b.ReportsExpiry, b.ReportsAttemptsLeft = false, false
		r := runRecorded(name, b)
		assert.Empty(t, r.text(), name)
	}
}

// verifierFunc adapts two functions to a Verifier.
type verifierFunc struct {
	start func(context.Context, verify.Request) (verify.Verification, error)
	check func(context.Context, verify.Check) (verify.Outcome, error)
}

func (f verifierFunc) Start(ctx context.Context, r verify.Request) (verify.Verification, error) {
	return f.start(ctx, r)
}
func (f verifierFunc) Check(ctx context.Context, c verify.Check) (verify.Outcome, error) {
	return f.check(ctx, c)
}

// mapCheck returns a flaw that rewrites Check's outcomes.
func mapCheck(f func(c verify.Check, out verify.Outcome) verify.Outcome) func(verify.Verifier) verify.Verifier {
	return func(v verify.Verifier) verify.Verifier {
		return verifierFunc{start: v.Start, check: func(ctx context.Context, c verify.Check) (verify.Outcome, error) {
			out, err := v.Check(ctx, c)
			if err == nil {
				out = f(c, out)
			}
			return out, err
		}}
	}
}

// passUnknown reports every outcome but Approved as a bare not-approved,
// as Aliyun's hosted service does.
type passUnknown struct{ verify.Verifier }

func (p passUnknown) Check(ctx context.Context, c verify.Check) (verify.Outcome, error) {
	out, err := p.Verifier.Check(ctx, c)
	if err == nil && !out.Approved() {
		out = verify.Outcome{Status: verify.WrongCode, AttemptsLeft: -1}
	}
	return out, err
}

// approvesTwice remembers approved verifications and approves them again.
func approvesTwice(v verify.Verifier) verify.Verifier {
	var mu sync.Mutex
	done := map[string]string{}
	return verifierFunc{start: v.Start, check: func(ctx context.Context, c verify.Check) (verify.Outcome, error) {
		out, err := v.Check(ctx, c)
		mu.Lock()
		defer mu.Unlock()
		if out.Approved() {
			done[c.To+c.Purpose] = c.Code
		} else if done[c.To+c.Purpose] == c.Code {
			out = verify.Outcome{Status: verify.Approved, AttemptsLeft: -1}
		}
		return out, err
	}}
}

func TestCasesCatchBrokenVerifiers(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*verify.Options)
		flaw   func(verify.Verifier) verify.Verifier
		freeze bool // Advance does nothing: codes never expire
		cases  []string
		want   string
	}{
		{
			name: "accepts a wrong code",
			flaw: mapCheck(func(_ verify.Check, out verify.Outcome) verify.Outcome {
				if out.Status == verify.WrongCode {
					return verify.Outcome{Status: verify.Approved, AttemptsLeft: -1}
				}
				return out
			}),
			cases: []string{CaseWrongCode, CaseAttemptCap, CaseDuplicate},
			want:  "approved",
		},
		{
			name:  "approves twice",
			flaw:  approvesTwice,
			cases: []string{CaseApprove, CaseConcurrent},
			want:  "approved",
		},
		{
			name:   "never expires",
			freeze: true,
			cases:  []string{CaseExpiry},
			want:   "after ValidFor",
		},
		{
			name:   "unlimited attempts",
			mutate: func(o *verify.Options) { o.MaxAttempts = verify.MaxAttemptsLimit },
			cases:  []string{CaseAttemptCap},
			want:   "after MaxAttempts",
		},
		{
			name: "ignores the purpose",
			flaw: func(v verify.Verifier) verify.Verifier {
				return verifierFunc{start: v.Start, check: func(ctx context.Context, c verify.Check) (verify.Outcome, error) {
					c.Purpose = "login"
					return v.Check(ctx, c)
				}}
			},
			cases: []string{CaseIsolation},
			want:  "another purpose",
		},
		{
			name:   "no resend interval",
			mutate: func(o *verify.Options) { o.Interval = -1 },
			cases:  []string{CaseResendInterval},
			want:   "want rate limited",
		},
		{
			name:   "no send cap",
			mutate: func(o *verify.Options) { o.MaxSends = verify.MaxSendsLimit },
			cases:  []string{CaseMaxSends},
			want:   "after MaxSends",
		},
		{
			name:   "keeps old codes under ReplaceOld",
			mutate: func(o *verify.Options) { o.Duplicate = verify.KeepAll },
			cases:  []string{CaseDuplicate},
			want:   "under ReplaceOld: approved",
		},
		{
			name: "leaks the code",
			flaw: func(v verify.Verifier) verify.Verifier {
				return verifierFunc{start: v.Start, check: func(ctx context.Context, c verify.Check) (verify.Outcome, error) {
					out, err := v.Check(ctx, c)
					if err != nil {
						err = &sms.Error{Code: sms.CodeOf(err), Message: "bad code " + c.Code}
					}
					return out, err
				}}
			},
			cases: []string{CaseNoLeak},
			want:  "holds a number, code or secret",
		},
		{
			name: "checks malformed input",
			flaw: func(v verify.Verifier) verify.Verifier {
				return verifierFunc{start: v.Start, check: func(ctx context.Context, c verify.Check) (verify.Outcome, error) {
					if c.Code == "" {
						return verify.Outcome{Status: verify.WrongCode, AttemptsLeft: 4}, nil
					}
					return v.Check(ctx, c)
				}}
			},
			cases: []string{CaseInvalidInput},
			want:  "empty code",
		},
	}
	for _, tt := range tests {
		for _, name := range tt.cases {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				b := localBackend(t, tt.mutate, tt.flaw)
				if tt.freeze {
					b.Advance = func(time.Duration) {}
				}
				if tt.name == "keeps old codes under ReplaceOld" {
					b.Duplicate = verify.ReplaceOld // the backend claims ReplaceOld
				}
				if tt.name == "no send cap" {
					b.MaxSends = verify.DefaultMaxSends // the backend claims 5
				}
				if tt.name == "unlimited attempts" {
					b.MaxAttempts = verify.DefaultMaxAttempts // the backend claims 5
				}
				if tt.name == "no resend interval" {
					b.Interval = verify.DefaultInterval
				}
				r := runRecorded(name, b)
				assert.Contains(t, r.text(), tt.want)
			})
		}
	}
}

func TestBackendChecked(t *testing.T) {
	b := localBackend(t, nil, nil)
	b.Unsupported = map[string]string{"NoSuchCase": "x"}
	assert.Contains(t, runRecorded(CaseApprove, b).text(), "unknown case")
	b.Unsupported = map[string]string{CaseExpiry: " "}
	assert.Contains(t, runRecorded(CaseApprove, b).text(), "gives no reason")
	b.Unsupported = map[string]string{CaseExpiry: "no clock"}
	assert.Contains(t, runRecorded(CaseExpiry, b).skipped, "no clock")
	b = localBackend(t, nil, nil)
	b.LastCode = nil
	assert.Contains(t, runRecorded(CaseApprove, b).text(), "LastCode is nil")
}

// The Store suite.

func newMemoryStore(t testing.TB) verify.Store {
	s, err := verify.NewMemoryStore(verify.MemoryStoreOptions{})
	require.NoError(t, err)
	return s
}

func TestRunStore(t *testing.T) {
	RunStore(t, newMemoryStore)
}

func TestStoreCasesPassCorrectStores(t *testing.T) {
	for _, name := range StoreCases() {
		r := runStoreRecorded(name, newMemoryStore(t))
		assert.Empty(t, r.text(), name)
	}
}

// brokenStore wraps a correct store and breaks it.
type brokenStore struct {
	verify.Store
	issue func(verify.Issue) verify.Issue
	check func(verify.Attempt) verify.Attempt
	out   func(key string, in verify.Attempt, out verify.Outcome) verify.Outcome
}

func (s *brokenStore) Issue(ctx context.Context, key string, in verify.Issue) (verify.Issued, error) {
	if s.issue != nil {
		in = s.issue(in)
	}
	return s.Store.Issue(ctx, key, in)
}

func (s *brokenStore) Check(ctx context.Context, key string, in verify.Attempt) (verify.Outcome, error) {
	if s.check != nil {
		in = s.check(in)
	}
	out, err := s.Store.Check(ctx, key, in)
	if s.out != nil && err == nil {
		out = s.out(key, in, out)
	}
	return out, err
}

func TestStoreCasesCatchBrokenStores(t *testing.T) {
	var mu sync.Mutex
	approved := map[string]bool{}
	tests := []struct {
		name  string
		store func() *brokenStore
		cases []string
		want  string
	}{
		{
			name: "accepts a wrong code",
			store: func() *brokenStore {
				return &brokenStore{out: func(_ string, _ verify.Attempt, out verify.Outcome) verify.Outcome {
					if out.Status == verify.WrongCode {
						return verify.Outcome{Status: verify.Approved}
					}
					return out
				}}
			},
			cases: []string{StoreWrongCode, StoreDuplicate, StoreRevoke},
			want:  `outcome "approved"`,
		},
		{
			name: "approves twice",
			store: func() *brokenStore {
				return &brokenStore{out: func(key string, _ verify.Attempt, out verify.Outcome) verify.Outcome {
					mu.Lock()
					defer mu.Unlock()
					if out.Approved() {
						approved[key] = true
					} else if approved[key] {
						return verify.Outcome{Status: verify.Approved}
					}
					return out
				}}
			},
			cases: []string{StoreApprove, StoreConcurrent},
			want:  "approved",
		},
		{
			name: "never expires",
			store: func() *brokenStore {
				return &brokenStore{issue: func(in verify.Issue) verify.Issue { in.ValidFor = 100 * 365 * 24 * time.Hour; return in }}
			},
			cases: []string{StoreExpiry},
			want:  "at Expires",
		},
		{
			name: "unlimited attempts",
			store: func() *brokenStore {
				return &brokenStore{check: func(in verify.Attempt) verify.Attempt { in.MaxAttempts = 1000; return in }}
			},
			cases: []string{StoreAttemptCap, StoreWrongCode},
			want:  "",
		},
		{
			name: "no interval",
			store: func() *brokenStore {
				return &brokenStore{issue: func(in verify.Issue) verify.Issue { in.Interval = 0; return in }}
			},
			cases: []string{StoreInterval, StoreConcurrent},
			want:  "",
		},
		{
			name: "no send cap",
			store: func() *brokenStore {
				return &brokenStore{issue: func(in verify.Issue) verify.Issue { in.MaxSends = verify.MaxSendsLimit; return in }}
			},
			cases: []string{StoreMaxSends},
			want:  "TooManySends",
		},
		{
			name: "keeps old codes",
			store: func() *brokenStore {
				return &brokenStore{issue: func(in verify.Issue) verify.Issue { in.Duplicate = verify.KeepAll; return in }}
			},
			cases: []string{StoreDuplicate},
			want:  "",
		},
	}
	for _, tt := range tests {
		for _, name := range tt.cases {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				s := tt.store()
				s.Store = newMemoryStore(t)
				r := runStoreRecorded(name, s)
				require.NotEmpty(t, r.text(), "the case passed a store that %s", tt.name)
				assert.Contains(t, r.text(), tt.want)
			})
		}
	}
}
