package verify_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/verify"
)

// checkStep is one Check through a Guard: after advancing the clock, with
// its key, and whether the recipient check limit should refuse it.
type checkStep struct {
	advance time.Duration
	times   int
	to      string
	purpose string
	keys    bool // a new key for each check (an attacker rotating IPs)
	limited bool
	retry   time.Duration // RetryAfter of a refusal
}

func TestGuardRecipientCheckLimit(t *testing.T) {
	tests := []struct {
		name  string
		steps []checkStep
	}{
		{"10 in 10 minutes, keys rotating", []checkStep{
			{times: 10, to: alice, keys: true},
			{times: 1, to: alice, keys: true, limited: true, retry: 10 * time.Minute},
			{advance: 5 * time.Minute, times: 1, to: alice, keys: true, limited: true, retry: 5 * time.Minute},
			{advance: 5 * time.Minute, times: 10, to: alice, keys: true},
			{times: 1, to: alice, limited: true, retry: 10 * time.Minute},
		}},
		{"other numbers unaffected", []checkStep{
			{times: 10, to: alice},
			{times: 1, to: alice, limited: true, retry: 10 * time.Minute},
			{times: 10, to: bob},
		}},
		{"across purposes and number forms", []checkStep{
			{times: 4, to: alice, purpose: "login"},
			{times: 3, to: alice, purpose: "reset"},
			{times: 3, to: "13800138000", purpose: "signup"},
			{times: 1, to: alice, purpose: "other", limited: true, retry: 10 * time.Minute},
		}},
		{"30 a day", []checkStep{
			{times: 10, to: alice},
			{advance: 10 * time.Minute, times: 10, to: alice},
			{advance: 10 * time.Minute, times: 10, to: alice},
			{advance: 10 * time.Minute, times: 1, to: alice, limited: true, retry: 24*time.Hour - 30*time.Minute},
			{advance: 23 * time.Hour, times: 1, to: alice, limited: true, retry: 30 * time.Minute},
			{advance: 30 * time.Minute, times: 10, to: alice},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			g, err := verify.Guard(e.local, verify.GuardOptions{Now: e.clock.Now})
			require.NoError(t, err)
			n := 0
			for i, s := range tt.steps {
				e.clock.Advance(s.advance)
				for range s.times {
					n++
					key := ""
					if s.keys {
						key = fmt.Sprintf("198.51.100.%d", n)
					}
					out, err := g.Check(ctx, verify.Check{To: s.to, Purpose: s.purpose, Code: "000000", Key: key})
					if !s.limited {
						require.NoError(t, err, "step %d", i)
						assert.Equal(t, verify.NotFound, out.Status)
						continue
					}
					var se *sms.Error
					require.ErrorAs(t, err, &se, "step %d", i)
					assert.Equal(t, sms.RateLimited, se.Code)
					assert.True(t, se.NotAccepted)
					assert.True(t, se.PerRecipient)
					assert.Equal(t, verify.Name, se.Provider)
					assert.Equal(t, s.retry, se.RetryAfter, "step %d", i)
					assert.Equal(t, "too many checks for this number", se.Message)
					assert.NotContains(t, err.Error(), "13800138000")
					assert.Zero(t, out)
				}
			}
		})
	}
}

// TestGuardRecipientCheckLimitHidesVerifications: past the limit, a number
// with a pending verification and one without are refused alike, the right
// code included, and the backend is not asked (the code stays pending and
// its attempts unspent).
func TestGuardRecipientCheckLimitHidesVerifications(t *testing.T) {
	e := newEnv(t, nil)
	g, err := verify.Guard(e.local, verify.GuardOptions{Now: e.clock.Now})
	require.NoError(t, err)
	_, err = g.Start(ctx, verify.Request{To: alice})
	require.NoError(t, err)
	code, ok := e.lastCode(alice)
	require.True(t, ok)
	var errs [2]error
	for i, to := range []string{alice, bob} {
		for range 10 {
			_, err := g.Check(ctx, verify.Check{To: to, Code: "00000" + string(rune('0'+i))})
			require.NoError(t, err)
		}
		_, errs[i] = g.Check(ctx, verify.Check{To: to, Code: code})
		require.Error(t, errs[i])
	}
	assert.Equal(t, errs[0].Error(), errs[1].Error())
	assert.Equal(t, sms.RetryAfterOf(errs[0]), sms.RetryAfterOf(errs[1]))
	for _, err := range errs {
		var se *sms.Error
		require.ErrorAs(t, err, &se)
		assert.True(t, se.PerRecipient)
	}

	// The backend saw 10 checks of alice's code: its attempts (5) were
	// spent by the first five wrong ones, none by the refused checks.
	out, err := e.local.Check(ctx, verify.Check{To: alice, Code: code})
	require.NoError(t, err)
	assert.Equal(t, verify.TooManyAttempts, out.Status)
}

// TestGuardRecipientCheckNoRefund: an approved check counts as a guess.
func TestGuardRecipientCheckNoRefund(t *testing.T) {
	e := newEnv(t, func(o *verify.Options) { o.Interval = -1 })
	checks := newKeyStore(t, middleware.Policy{{Limit: 2, Per: time.Hour}})
	g, err := verify.Guard(e.local, verify.GuardOptions{Now: e.clock.Now, RecipientChecks: checks, Secret: testSecret})
	require.NoError(t, err)
	for range 2 {
		e.clock.Advance(time.Minute) // AliyunCodePolicy: a code a minute
		_, err = g.Start(ctx, verify.Request{To: alice, Purpose: "login"})
		require.NoError(t, err)
		code, _ := e.lastCode(alice)
		out, err := g.Check(ctx, verify.Check{To: alice, Purpose: "login", Code: code})
		require.NoError(t, err)
		require.True(t, out.Approved())
	}
	_, err = g.Check(ctx, verify.Check{To: alice, Purpose: "login", Code: "123456"})
	assert.Equal(t, sms.RateLimited, sms.CodeOf(err))
	assert.Zero(t, checks.refunds(), "checks are never refunded")
}

// keyStore is a middleware.MemoryStore that records the keys it is given.
type keyStore struct {
	*middleware.MemoryStore
	mu      sync.Mutex
	keys    []string
	refunds func() int
	nRefund int
}

func newKeyStore(t testing.TB, p middleware.Policy) *keyStore {
	m, err := middleware.NewMemoryStore(middleware.MemoryStoreOptions{Policy: p})
	require.NoError(t, err)
	s := &keyStore{MemoryStore: m}
	s.refunds = func() int { s.mu.Lock(); defer s.mu.Unlock(); return s.nRefund }
	return s
}

func (s *keyStore) Take(ctx context.Context, key string, now time.Time) (bool, time.Duration, error) {
	s.mu.Lock()
	s.keys = append(s.keys, key)
	s.mu.Unlock()
	return s.MemoryStore.Take(ctx, key, now)
}

func (s *keyStore) Refund(ctx context.Context, key string, at time.Time) error {
	s.mu.Lock()
	s.keys = append(s.keys, key)
	s.nRefund++
	s.mu.Unlock()
	return s.MemoryStore.Refund(ctx, key, at)
}

func (s *keyStore) seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.keys...)
}

// TestGuardStoreKeysHashed: no store sees a number or a caller key in
// clear; the keys are stable under one secret (instances sharing a store
// count together) and differ under another.
func TestGuardStoreKeysHashed(t *testing.T) {
	const ip = "203.0.113.77"
	run := func(secret []byte) (all []string) {
		e := newEnv(t, nil)
		stores := [4]*keyStore{}
		for i := range stores {
			stores[i] = newKeyStore(t, middleware.Policy{{Limit: 100, Per: time.Minute}})
		}
		g, err := verify.Guard(e.local, verify.GuardOptions{Now: e.clock.Now, Secret: secret,
			Recipients: stores[0], KeySends: stores[1], KeyChecks: stores[2], RecipientChecks: stores[3]})
		require.NoError(t, err)
		_, err = g.Start(ctx, verify.Request{To: alice, Key: ip})
		require.NoError(t, err)
		_, err = g.Check(ctx, verify.Check{To: alice, Code: "000000", Key: ip})
		require.NoError(t, err)
		for i, s := range stores {
			keys := s.seen()
			require.Len(t, keys, 1, "store %d", i)
			all = append(all, keys...)
		}
		return all
	}
	a := run(testSecret)
	for _, k := range a {
		for _, clear := range []string{"13800138000", "8613800138000", ip, "203.0.113"} {
			assert.NotContains(t, k, clear)
		}
	}
	assert.True(t, strings.HasPrefix(a[0], "verify-to:v1:"), a[0])
	assert.True(t, strings.HasPrefix(a[1], "verify-key:v1:"), a[1])
	assert.True(t, strings.HasPrefix(a[3], "verify-check-to:v1:"), a[3])
	assert.NotEqual(t, strings.TrimPrefix(a[0], "verify-to:"), strings.TrimPrefix(a[3], "verify-check-to:"), "limits are domain-separated")
	assert.Equal(t, a, run(testSecret), "one secret, the same keys")
	other := run([]byte(strings.Repeat("another secret, 32 bytes long!! ", 2)))
	for i := range a {
		assert.NotEqual(t, a[i], other[i])
	}
}

func TestGuardSecretOptions(t *testing.T) {
	e := newEnv(t, nil)
	store := mustMiddlewareStore(t, 10)
	tests := []struct {
		name string
		opts verify.GuardOptions
		want string // "" for success
	}{
		{"default stores, no secret", verify.GuardOptions{}, ""},
		{"short secret", verify.GuardOptions{Secret: []byte("short")}, "GuardOptions.Secret is shorter than 32 bytes"},
		{"own recipients store", verify.GuardOptions{Recipients: store}, "GuardOptions.Secret is required"},
		{"own key sends store", verify.GuardOptions{KeySends: store}, "GuardOptions.Secret is required"},
		{"own key checks store", verify.GuardOptions{KeyChecks: store}, "GuardOptions.Secret is required"},
		{"own recipient checks store", verify.GuardOptions{RecipientChecks: store}, "GuardOptions.Secret is required"},
		{"own store and secret", verify.GuardOptions{RecipientChecks: store, Secret: testSecret}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := verify.Guard(e.local, tt.opts)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	// NewGuarded takes Options.Secret (which a custom Options.Store needs).
	_, err := verify.NewGuarded(e.opts, verify.GuardOptions{RecipientChecks: store})
	require.NoError(t, err)
}

// recordingVerifier records the numbers it is asked about.
type recordingVerifier struct {
	mu sync.Mutex
	to []string
}

func (r *recordingVerifier) Start(_ context.Context, req verify.Request) (verify.Verification, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.to = append(r.to, req.To)
	return verify.Verification{ID: "v"}, nil
}

func (r *recordingVerifier) Check(_ context.Context, c verify.Check) (verify.Outcome, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.to = append(r.to, c.To)
	return verify.Outcome{Status: verify.NotFound}, nil
}

// TestGuardPassesE164: the wrapped Verifier gets the number Guard limited,
// in E.164, whatever its own default region.
func TestGuardPassesE164(t *testing.T) {
	tests := []struct {
		region, to, want string
	}{
		{"US", "4155552671", "+14155552671"},
		{"US", "(415) 555-2671", "+14155552671"},
		{"CN", "13800138000", alice},
		{"CN", "+86 138 0013 8000", alice},
	}
	for _, tt := range tests {
		t.Run(tt.region+" "+tt.to, func(t *testing.T) {
			rec := &recordingVerifier{}
			g, err := verify.Guard(rec, verify.GuardOptions{DefaultRegion: tt.region})
			require.NoError(t, err)
			_, err = g.Start(ctx, verify.Request{To: tt.to})
			require.NoError(t, err)
			_, err = g.Check(ctx, verify.Check{To: tt.to, Code: "123456"})
			require.NoError(t, err)
			assert.Equal(t, []string{tt.want, tt.want}, rec.to)
		})
	}
}
