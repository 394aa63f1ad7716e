package verify_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/verify"
	"github.com/smskit/sms/verify/verifytest"
)

var ctx = context.Background()

func TestLocalConformance(t *testing.T) {
	for _, dup := range []verify.DuplicatePolicy{verify.ReplaceOld, verify.KeepAll} {
		t.Run(map[verify.DuplicatePolicy]string{verify.ReplaceOld: "ReplaceOld", verify.KeepAll: "KeepAll"}[dup], func(t *testing.T) {
			verifytest.Run(t, verifytest.Harness{New: func(t testing.TB) verifytest.Backend {
				e := newEnv(t, func(o *verify.Options) { o.Duplicate = dup })
				return e.backend(e.local)
			}})
		})
	}
	t.Run("Guarded", func(t *testing.T) {
		verifytest.Run(t, verifytest.Harness{New: func(t testing.TB) verifytest.Backend {
			e := newEnv(t, nil)
			// The suite checks one number 64 times at once (Concurrent):
			// past RecipientCheckPolicy, which TestGuardRecipientCheckLimit tests.
			g, err := verify.Guard(e.local, verify.GuardOptions{Now: e.clock.Now,
				RecipientChecks: mustMiddlewareStore(t, 1000), Secret: testSecret})
			require.NoError(t, err)
			return e.backend(g)
		}})
	})
	t.Run("DefaultStore", func(t *testing.T) {
		verifytest.Run(t, verifytest.Harness{New: func(t testing.TB) verifytest.Backend {
			e := newEnv(t, func(o *verify.Options) { o.Store, o.Secret = nil, nil })
			return e.backend(e.local)
		}})
	})
}

func TestMemoryStoreConformance(t *testing.T) {
	verifytest.RunStore(t, func(t testing.TB) verify.Store {
		s, err := verify.NewMemoryStore(verify.MemoryStoreOptions{})
		require.NoError(t, err)
		return s
	})
}

func TestNewOptions(t *testing.T) {
	e := newEnv(t, nil)
	base := func() verify.Options {
		return verify.Options{Sender: e.sender, Template: "login_code", Templates: templates}
	}
	tests := []struct {
		name   string
		mutate func(*verify.Options)
		want   string // in the error; "" for success
	}{
		{"defaults", func(*verify.Options) {}, ""},
		{"no sender", func(o *verify.Options) { o.Sender = nil }, "Sender is nil"},
		{"no template", func(o *verify.Options) { o.Template = "" }, "Template is empty"},
		{"undeclared template", func(o *verify.Options) { o.Template = "nope" }, "not declared"},
		{"notification template", func(o *verify.Options) { o.Template = "order_notice" }, "kind verification"},
		{"code length 3", func(o *verify.Options) { o.CodeLength = 3 }, "CodeLength 3"},
		{"code length 11", func(o *verify.Options) { o.CodeLength = 11 }, "CodeLength 11"},
		{"alphabet with repeats", func(o *verify.Options) { o.Alphabet = "0012" }, "twice"},
		{"alphabet with symbols", func(o *verify.Options) { o.Alphabet = "01-" }, "letters and digits"},
		{"alphanumeric", func(o *verify.Options) { o.Alphabet = verify.Alphanumeric }, ""},
		{"valid for 25h", func(o *verify.Options) { o.ValidFor = 25 * time.Hour }, "ValidFor"},
		{"max sends 11", func(o *verify.Options) { o.MaxSends = 11 }, "MaxSends 11"},
		{"max attempts 21", func(o *verify.Options) { o.MaxAttempts = 21 }, "MaxAttempts 21"},
		{"duplicate 7", func(o *verify.Options) { o.Duplicate = 7 }, "Duplicate"},
		{"short secret", func(o *verify.Options) { o.Secret = []byte("short") }, "Secret is shorter"},
		{"store without secret", func(o *verify.Options) { o.Store = e.store }, "Secret is required"},
		{"params name the code", func(o *verify.Options) { o.Params = map[string]string{"code": "x"} }, "code param"},
		{"template without the code", func(o *verify.Options) { o.CodeParam = "otp" }, "no variable"},
		{"bad region", func(o *verify.Options) { o.DefaultRegion = "XX" }, "DefaultRegion"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := base()
			tt.mutate(&opts)
			_, err := verify.New(opts)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.want)
			var se *sms.Error
			assert.False(t, errors.As(err, &se), "a configuration error is not an *sms.Error")
			assert.NotContains(t, err.Error(), string(testSecret))
		})
	}
}

func TestCodes(t *testing.T) {
	tests := []struct {
		alphabet string
		length   int
	}{{"", 0}, {verify.Digits, 4}, {verify.Digits, 10}, {verify.Alphanumeric, 8}, {"ab", 6}}
	for _, tt := range tests {
		e := newEnv(t, func(o *verify.Options) { o.Alphabet, o.CodeLength = tt.alphabet, tt.length })
		alphabet, length := tt.alphabet, tt.length
		if alphabet == "" {
			alphabet, length = verify.Digits, verify.DefaultCodeLength
		}
		seen := map[string]bool{}
		for i := range 20 {
			to := "+86138001380" + string(rune('0'+i/10)) + string(rune('0'+i%10))
			_, err := e.local.Start(ctx, verify.Request{To: to})
			require.NoError(t, err)
			code, ok := e.lastCode(to)
			require.True(t, ok)
			require.Len(t, code, length)
			for _, c := range code {
				require.Contains(t, alphabet, string(c))
			}
			seen[code] = true
		}
		assert.Greater(t, len(seen), 10, "codes of %q repeat too much", alphabet)
	}
}

// TestCodeDistribution checks that every digit of random codes is about
// equally likely: no modulo bias (a biased generator over bytes would give
// digits 0-5 about 1.2% more weight; the test bounds each digit's share
// against a 10x stronger skew, deterministic enough at 60,000 digits).
func TestCodeDistribution(t *testing.T) {
	e := newEnv(t, func(o *verify.Options) { o.CodeLength = 10; o.Interval = -1; o.MaxSends = 10 })
	var counts [10]int
	const rounds = 6000
	for i := range rounds {
		_, err := e.local.Start(ctx, verify.Request{To: alice, Purpose: "p" + strconv.Itoa(i)})
		require.NoError(t, err)
		code, _ := e.lastCode(alice)
		for _, c := range code {
			counts[c-'0']++
		}
	}
	for d, n := range counts {
		assert.InDelta(t, rounds, n, rounds*0.06, "digit %d appeared %d times of %d", d, n, rounds*10)
	}
}

func TestCustomCode(t *testing.T) {
	e := newEnv(t, func(o *verify.Options) { o.Alphabet = verify.Alphanumeric })
	_, err := e.local.Start(ctx, verify.Request{To: alice, Code: "ab2cd3"})
	require.NoError(t, err)
	code, _ := e.lastCode(alice)
	assert.Equal(t, "AB2CD3", code, "codes are sent in the alphabet's case")
	out, err := e.local.Check(ctx, verify.Check{To: "13800138000", Code: "ab2CD3"})
	require.NoError(t, err)
	assert.Equal(t, verify.Approved, out.Status, "lower case typed for an upper-case alphabet")

	for _, bad := range []string{"123", "12345678901", "0OO0O0", "12 345"} {
		_, err := e.local.Start(ctx, verify.Request{To: bob, Code: bad})
		require.Error(t, err, bad)
		assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
		assert.True(t, sms.IsNotAccepted(err))
		assert.NotContains(t, err.Error(), bad)
	}
	assert.Equal(t, 1, e.sender.Len())
}

func TestStartSends(t *testing.T) {
	e := newEnv(t, func(o *verify.Options) {
		o.Template, o.Params, o.Sign = "login_code_minutes", map[string]string{"minutes": "5"}, "smskit"
	})
	v, err := e.local.Start(ctx, verify.Request{To: "138 0013 8000", Purpose: "login"})
	require.NoError(t, err)
	assert.Equal(t, epoch.Add(verify.DefaultValidFor), v.Expires)
	assert.Equal(t, epoch.Add(verify.DefaultInterval), v.ResendAfter)
	assert.Equal(t, 1, v.Sends)
	assert.Equal(t, "fake", v.Result.Provider)
	assert.Len(t, v.ID, 32)
	assert.NotContains(t, v.ID, "13800138000")
	r, ok := e.sender.Last(alice)
	require.True(t, ok)
	assert.Equal(t, "login_code_minutes", r.Message.Template)
	assert.Equal(t, "smskit", r.Message.Sign)
	assert.Equal(t, "5", r.Message.Params["minutes"])
	assert.Len(t, r.Message.Params["code"], 6)
}

// TestConcurrentRightChecks: of 64 goroutines checking the right code,
// exactly one is approved.
func TestConcurrentRightChecks(t *testing.T) {
	for round := range 20 {
		e := newEnv(t, nil)
		_, err := e.local.Start(ctx, verify.Request{To: alice})
		require.NoError(t, err)
		code, _ := e.lastCode(alice)
		var approved, other atomic.Int32
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for range 64 {
			wg.Go(func() {
				<-gate
				out, err := e.local.Check(ctx, verify.Check{To: alice, Code: code})
				switch {
				case err != nil:
					t.Error(err)
				case out.Approved():
					approved.Add(1)
				case out.Status == verify.NotFound:
					other.Add(1)
				default:
					t.Errorf("outcome %v", out)
				}
			})
		}
		close(gate)
		wg.Wait()
		require.Equal(t, int32(1), approved.Load(), "round %d", round)
		require.Equal(t, int32(63), other.Load(), "round %d", round)
	}
}

// TestBruteForce: of 1,000 wrong guesses (some concurrent) against one
// code, at most MaxAttempts are compared; the rest are TooManyAttempts
// without comparing, and the right code is then refused too.
func TestBruteForce(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.local.Start(ctx, verify.Request{To: alice})
	require.NoError(t, err)
	code, _ := e.lastCode(alice)
	wrongCode := "000000"
	if code == wrongCode {
		wrongCode = "111111"
	}
	var statuses sync.Map
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			for range 100 {
				out, err := e.local.Check(ctx, verify.Check{To: alice, Code: wrongCode})
				if err != nil {
					t.Error(err)
					return
				}
				n, _ := statuses.LoadOrStore(out.Status, new(atomic.Int32))
				n.(*atomic.Int32).Add(1)
			}
		})
	}
	wg.Wait()
	count := func(s verify.Status) int32 {
		n, ok := statuses.Load(s)
		if !ok {
			return 0
		}
		return n.(*atomic.Int32).Load()
	}
	assert.Equal(t, int64(verify.DefaultMaxAttempts), e.store.Compares(), "comparisons")
	assert.Equal(t, int32(verify.DefaultMaxAttempts), count(verify.WrongCode))
	assert.Equal(t, int32(1000-verify.DefaultMaxAttempts), count(verify.TooManyAttempts))
	assert.Zero(t, count(verify.Approved))
	out, err := e.local.Check(ctx, verify.Check{To: alice, Code: code})
	require.NoError(t, err)
	assert.Equal(t, verify.TooManyAttempts, out.Status)
	assert.Equal(t, int64(verify.DefaultMaxAttempts), e.store.Compares(), "comparisons after the right code")
}

// TestMayHaveBeenAccepted: a send that may have been accepted keeps its
// code pending and counted; the caller gets the Verification and the
// provider's error as it is.
func TestMayHaveBeenAccepted(t *testing.T) {
	e := newEnv(t, nil)
	g, err := verify.Guard(e.local, verify.GuardOptions{Now: e.clock.Now})
	require.NoError(t, err)
	sendErr := &sms.Error{Code: sms.Unknown, Provider: "fake", Message: "answer lost"}
	e.sender.FailNext(1, sendErr)
	v, err := g.Start(ctx, verify.Request{To: alice, Key: "10.0.0.1"})
	require.Error(t, err)
	assert.False(t, sms.IsNotAccepted(err))
	assert.Equal(t, sms.Unknown, sms.CodeOf(err))
	assert.Equal(t, 1, v.Sends)
	assert.Equal(t, epoch.Add(verify.DefaultValidFor), v.Expires)
	assert.NotEmpty(t, v.ID)
	code := e.sender.Records()[0].Message.Params["code"]
	require.Len(t, code, 6)

	// Counted: a resend at once is refused by the interval.
	_, err = g.Start(ctx, verify.Request{To: alice})
	assert.Equal(t, sms.RateLimited, sms.CodeOf(err))
	// Pending: the code that may have arrived is approved.
	out, err := g.Check(ctx, verify.Check{To: alice, Code: code})
	require.NoError(t, err)
	assert.True(t, out.Approved())
	// Counted in the guard: the recipient limit (1 a minute) refuses at
	// once, even after the approval.
	_, err = g.Start(ctx, verify.Request{To: alice})
	assert.Equal(t, sms.RateLimited, sms.CodeOf(err))
	assert.Contains(t, err.Error(), "too many codes for this number")
}

// TestNotAcceptedLeavesNothing: a send definitely not accepted leaves no
// code, no count and no interval, in the local store and in the guard.
func TestNotAcceptedLeavesNothing(t *testing.T) {
	e := newEnv(t, nil)
	g, err := verify.Guard(e.local, verify.GuardOptions{Now: e.clock.Now, KeySends: mustMiddlewareStore(t, 1), Secret: testSecret})
	require.NoError(t, err)
	sendErr := &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: "fake", Message: "outage"}
	e.sender.FailNext(1, sendErr)
	v, err := g.Start(ctx, verify.Request{To: alice, Key: "10.0.0.1"})
	require.ErrorIs(t, err, sendErr)
	assert.Equal(t, verify.Verification{}, v)
	assert.Zero(t, e.store.Len(), "the store holds the revoked verification")

	// Nothing counted: the next Start goes at once, with the same key.
	v, err = g.Start(ctx, verify.Request{To: alice, Key: "10.0.0.1"})
	require.NoError(t, err)
	assert.Equal(t, 1, v.Sends)
	// ... and only the new code is valid.
	code, _ := e.lastCode(alice)
	out, err := g.Check(ctx, verify.Check{To: alice, Code: code})
	require.NoError(t, err)
	assert.True(t, out.Approved())
	// The key's limit (1) is now used up: refunds gave back exactly one.
	_, err = g.Start(ctx, verify.Request{To: bob, Key: "10.0.0.1"})
	assert.Equal(t, sms.RateLimited, sms.CodeOf(err))
	assert.NotContains(t, err.Error(), "10.0.0.1")
}

func TestResendAfterNotAcceptedKeepsPrevious(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.local.Start(ctx, verify.Request{To: alice})
	require.NoError(t, err)
	first, _ := e.lastCode(alice)
	e.clock.Advance(verify.DefaultInterval)
	e.sender.FailNext(1, &sms.Error{Code: sms.Unavailable, NotAccepted: true})
	_, err = e.local.Start(ctx, verify.Request{To: alice})
	require.Error(t, err)
	// The failed resend is revoked: the first code is valid again, and the
	// next resend is allowed at once.
	v, err := e.local.Start(ctx, verify.Request{To: alice})
	require.NoError(t, err)
	assert.Equal(t, 2, v.Sends)
	out, err := e.local.Check(ctx, verify.Check{To: alice, Code: first})
	require.NoError(t, err)
	assert.Equal(t, verify.WrongCode, out.Status, "ReplaceOld: the first code is superseded by the successful resend")
}

func TestMaxSends(t *testing.T) {
	e := newEnv(t, func(o *verify.Options) { o.MaxSends = 2; o.ValidFor = 10 * time.Minute })
	for range 2 {
		_, err := e.local.Start(ctx, verify.Request{To: alice})
		require.NoError(t, err)
		e.clock.Advance(time.Minute)
	}
	_, err := e.local.Start(ctx, verify.Request{To: alice})
	require.Error(t, err)
	assert.Equal(t, sms.RateLimited, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
	assert.Equal(t, 9*time.Minute, sms.RetryAfterOf(err), "until the last code expires")
	assert.Equal(t, 2, e.sender.Len())
}

func TestCheckMalformedTouchesNoStore(t *testing.T) {
	e := newEnv(t, nil)
	counting := &countingStore{Store: e.store}
	l, err := verify.New(verify.Options{Sender: e.sender, Template: "login_code", Templates: templates, Store: counting, Secret: testSecret, Now: e.clock.Now})
	require.NoError(t, err)
	tests := []struct{ name, to, purpose, code string }{
		{"empty code", alice, "", ""},
		{"over-long code", alice, "", "12345678901"},
		{"code with spaces", alice, "", "123 456"},
		{"code with non-ASCII", alice, "", "１２３４５６"},
		{"bad number", "+86123", "", "123456"},
		{"empty number", "", "", "123456"},
		{"long purpose", alice, strings.Repeat("p", 65), "123456"},
		{"control purpose", alice, "a\x00b", "123456"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := l.Check(ctx, verify.Check{To: tt.to, Purpose: tt.purpose, Code: tt.code})
			require.Error(t, err)
			assert.Equal(t, verify.Outcome{}, out)
			var se *sms.Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, sms.InvalidArgument, se.Code)
			assert.Equal(t, verify.Name, se.Provider)
			assert.NotContains(t, err.Error(), "13800138000")
			if tt.code != "" {
				assert.NotContains(t, err.Error(), tt.code)
			}
		})
	}
	assert.Zero(t, counting.calls.Load())
	//nolint:staticcheck // a nil context is the case under test
	_, err = l.Check(nil, verify.Check{To: alice, Code: "123456"}) //lint:ignore SA1012 a nil context is the case under test
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = l.Check(cctx, verify.Check{To: alice, Code: "123456"})
	assert.Equal(t, sms.Canceled, sms.CodeOf(err))
	assert.Zero(t, counting.calls.Load())
}

// countingStore counts the calls that reach a Store.
type countingStore struct {
	verify.Store
	calls atomic.Int32
}

func (s *countingStore) Check(ctx context.Context, key string, in verify.Attempt) (verify.Outcome, error) {
	s.calls.Add(1)
	return s.Store.Check(ctx, key, in)
}

func (s *countingStore) Issue(ctx context.Context, key string, in verify.Issue) (verify.Issued, error) {
	s.calls.Add(1)
	return s.Store.Issue(ctx, key, in)
}

// TestStoreNeverSeesSecrets: keys and hashes only; the same number in two
// formats, or a different secret, gives the same or a different key.
func TestStoreNeverSeesSecrets(t *testing.T) {
	e := newEnv(t, nil)
	rec := &recordingStore{Store: e.store}
	l, err := verify.New(verify.Options{Sender: e.sender, Template: "login_code", Templates: templates, Store: rec, Secret: testSecret, Now: e.clock.Now})
	require.NoError(t, err)
	_, err = l.Start(ctx, verify.Request{To: alice, Purpose: "login", Code: "424242"})
	require.NoError(t, err)
	_, err = l.Check(ctx, verify.Check{To: "138-0013-8000", Purpose: "login", Code: "000000"})
	require.NoError(t, err)
	require.Len(t, rec.keys, 2)
	assert.Equal(t, rec.keys[0], rec.keys[1], "one key for one number in any format")
	for _, k := range rec.keys {
		assert.NotContains(t, k, "13800138000")
		assert.NotContains(t, k, "login")
		assert.True(t, strings.HasPrefix(k, "v1:"))
	}
	for _, h := range rec.hashes {
		assert.Len(t, h, verify.HashSize)
		assert.NotContains(t, string(h), "424242")
	}
}

type recordingStore struct {
	verify.Store
	mu     sync.Mutex
	keys   []string
	hashes [][]byte
}

func (s *recordingStore) Issue(ctx context.Context, key string, in verify.Issue) (verify.Issued, error) {
	s.mu.Lock()
	s.keys, s.hashes = append(s.keys, key), append(s.hashes, append([]byte(nil), in.Hash...))
	s.mu.Unlock()
	return s.Store.Issue(ctx, key, in)
}

func (s *recordingStore) Check(ctx context.Context, key string, in verify.Attempt) (verify.Outcome, error) {
	s.mu.Lock()
	s.keys, s.hashes = append(s.keys, key), append(s.hashes, append([]byte(nil), in.Hash...))
	s.mu.Unlock()
	return s.Store.Check(ctx, key, in)
}

func TestStoreFailure(t *testing.T) {
	e := newEnv(t, nil)
	boom := errors.New("redis 10.1.2.3:6379: connection refused")
	l, err := verify.New(verify.Options{Sender: e.sender, Template: "login_code", Templates: templates, Store: failingStore{boom}, Secret: testSecret})
	require.NoError(t, err)
	_, err = l.Start(ctx, verify.Request{To: alice})
	require.ErrorIs(t, err, boom)
	assert.Equal(t, sms.Unavailable, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
	assert.NotContains(t, err.Error(), "10.1.2.3")
	assert.Zero(t, e.sender.Len())
	_, err = l.Check(ctx, verify.Check{To: alice, Code: "123456"})
	require.ErrorIs(t, err, boom)
	assert.Equal(t, sms.Unavailable, sms.CodeOf(err))
}

type failingStore struct{ err error }

func (s failingStore) Issue(context.Context, string, verify.Issue) (verify.Issued, error) {
	return verify.Issued{}, s.err
}
func (s failingStore) Revoke(context.Context, string, string) error { return s.err }
func (s failingStore) Check(context.Context, string, verify.Attempt) (verify.Outcome, error) {
	return verify.Outcome{}, s.err
}
