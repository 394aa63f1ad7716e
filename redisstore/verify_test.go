package redisstore_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/redisstore"
	"github.com/smskit/sms/verify"
)

// hashOf stands for the verifier's keyed hash of a code.
func hashOf(code string) []byte {
	h := sha256.Sum256([]byte("test-secret:" + code))
	return h[:]
}

var v0 = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// issue is a verify.Issue of code at v0+at: valid 5m, 60s apart, at most 3.
func issue(token, code string, at time.Duration, dup verify.DuplicatePolicy) verify.Issue {
	return verify.Issue{Token: token, Hash: hashOf(code), Now: v0.Add(at), ValidFor: 5 * time.Minute,
		Interval: time.Minute, MaxSends: 3, Duplicate: dup}
}

func attempt(code string, at time.Duration) verify.Attempt {
	return verify.Attempt{Hash: hashOf(code), Now: v0.Add(at), MaxAttempts: 3}
}

// verifyStep is one call of a scripted verification test.
type verifyStep struct {
	issue  *verify.Issue // else revoke or check
	revoke string
	check  *verify.Attempt
	// want
	issued  verify.Issued
	outcome verify.Outcome
}

func runSteps(t *testing.T, s *redisstore.VerifyStore, steps []verifyStep) {
	t.Helper()
	ctx := context.Background()
	for i, st := range steps {
		switch {
		case st.issue != nil:
			got, err := s.Issue(ctx, "k", *st.issue)
			require.NoError(t, err, "step %d", i)
			if st.issued.Refusal == verify.NotRefused && st.issued.Expires.IsZero() {
				st.issued.Expires = st.issue.Now.Add(st.issue.ValidFor)
			}
			assert.Equal(t, st.issued, got, "step %d: issue", i)
		case st.check != nil:
			got, err := s.Check(ctx, "k", *st.check)
			require.NoError(t, err, "step %d", i)
			assert.Equal(t, st.outcome, got, "step %d: check", i)
		default:
			require.NoError(t, s.Revoke(ctx, "k", st.revoke), "step %d", i)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestVerifyStore(t *testing.T) {
	_, client := server(t)
	wrong := func(left int) verify.Outcome { return verify.Outcome{Status: verify.WrongCode, AttemptsLeft: left} }
	approved := verify.Outcome{Status: verify.Approved, AttemptsLeft: -1}
	notFound := verify.Outcome{Status: verify.NotFound, AttemptsLeft: -1}
	cases := []struct {
		name  string
		steps []verifyStep
	}{
		{"approve once", []verifyStep{
			{issue: ptr(issue("t1", "123456", 0, verify.ReplaceOld)), issued: verify.Issued{Sends: 1}},
			{check: ptr(attempt("123456", time.Second)), outcome: approved},
			{check: ptr(attempt("123456", 2*time.Second)), outcome: notFound},
			{issue: ptr(issue("t2", "222222", 3*time.Second, verify.ReplaceOld)), issued: verify.Issued{Sends: 1}},
		}},
		{"not found", []verifyStep{
			{check: ptr(attempt("123456", 0)), outcome: notFound},
		}},
		{"attempts burn", []verifyStep{
			{issue: ptr(issue("t1", "123456", 0, verify.ReplaceOld)), issued: verify.Issued{Sends: 1}},
			{check: ptr(attempt("000000", time.Second)), outcome: wrong(2)},
			{check: ptr(attempt("000001", time.Second)), outcome: wrong(1)},
			{check: ptr(attempt("000002", time.Second)), outcome: wrong(0)},
			{check: ptr(attempt("123456", time.Second)), outcome: verify.Outcome{Status: verify.TooManyAttempts}},
			// A new code after a burn: within the interval and MaxSends, its
			// checks start again.
			{issue: ptr(issue("t2", "654321", 30*time.Second, verify.ReplaceOld)), issued: verify.Issued{Refusal: verify.TooSoon, RetryAfter: 30 * time.Second, Sends: 1}},
			{issue: ptr(issue("t2", "654321", time.Minute, verify.ReplaceOld)), issued: verify.Issued{Sends: 2}},
			{check: ptr(attempt("000003", time.Minute)), outcome: wrong(2)},
			{check: ptr(attempt("654321", time.Minute)), outcome: approved},
		}},
		{"interval and max sends", []verifyStep{
			{issue: ptr(issue("t1", "111111", 0, verify.ReplaceOld)), issued: verify.Issued{Sends: 1}},
			{issue: ptr(issue("t2", "222222", 59*time.Second, verify.ReplaceOld)), issued: verify.Issued{Refusal: verify.TooSoon, RetryAfter: time.Second, Sends: 1}},
			{issue: ptr(issue("t2", "222222", time.Minute, verify.ReplaceOld)), issued: verify.Issued{Sends: 2}},
			{issue: ptr(issue("t3", "333333", 2*time.Minute, verify.ReplaceOld)), issued: verify.Issued{Sends: 3}},
			{issue: ptr(issue("t4", "444444", 3*time.Minute, verify.ReplaceOld)), issued: verify.Issued{Refusal: verify.TooManySends, RetryAfter: 4 * time.Minute, Sends: 3}},
			// Once every code has expired, a new verification.
			{issue: ptr(issue("t5", "555555", 7*time.Minute, verify.ReplaceOld)), issued: verify.Issued{Sends: 1}},
		}},
		{"replace old", []verifyStep{
			{issue: ptr(issue("t1", "111111", 0, verify.ReplaceOld)), issued: verify.Issued{Sends: 1}},
			{issue: ptr(issue("t2", "222222", time.Minute, verify.ReplaceOld)), issued: verify.Issued{Sends: 2}},
			{check: ptr(attempt("111111", 61*time.Second)), outcome: wrong(2)},
			// The second SMS was definitely not accepted: the first code is back.
			{revoke: "t2"},
			{check: ptr(attempt("222222", 62*time.Second)), outcome: wrong(1)},
			{check: ptr(attempt("111111", 62*time.Second)), outcome: approved},
		}},
		{"revoke uncounts the send and the interval", []verifyStep{
			{issue: ptr(issue("t1", "111111", 0, verify.ReplaceOld)), issued: verify.Issued{Sends: 1}},
			{issue: ptr(issue("t2", "222222", time.Minute, verify.ReplaceOld)), issued: verify.Issued{Sends: 2}},
			{issue: ptr(issue("t3", "333333", 90*time.Second, verify.ReplaceOld)), issued: verify.Issued{Refusal: verify.TooSoon, RetryAfter: 30 * time.Second, Sends: 2}},
			{revoke: "t2"},
			{issue: ptr(issue("t3", "333333", 90*time.Second, verify.ReplaceOld)), issued: verify.Issued{Sends: 2}},
			{check: ptr(attempt("111111", 91*time.Second)), outcome: wrong(2)},
			{check: ptr(attempt("333333", 91*time.Second)), outcome: approved},
		}},
		{"keep all", []verifyStep{
			{issue: ptr(issue("t1", "111111", 0, verify.KeepAll)), issued: verify.Issued{Sends: 1}},
			{issue: ptr(issue("t2", "222222", time.Minute, verify.KeepAll)), issued: verify.Issued{Sends: 2}},
			{check: ptr(attempt("111111", 61*time.Second)), outcome: approved},
			{check: ptr(attempt("222222", 62*time.Second)), outcome: notFound},
		}},
		{"keep all expiry per code", []verifyStep{
			{issue: ptr(issue("t1", "111111", 0, verify.KeepAll)), issued: verify.Issued{Sends: 1}},
			{issue: ptr(issue("t2", "222222", 2*time.Minute, verify.KeepAll)), issued: verify.Issued{Sends: 2}},
			{check: ptr(attempt("111111", 5*time.Minute)), outcome: wrong(2)},
			{check: ptr(attempt("222222", 5*time.Minute)), outcome: approved},
		}},
		{"expired", []verifyStep{
			{issue: ptr(issue("t1", "111111", 0, verify.ReplaceOld)), issued: verify.Issued{Sends: 1}},
			{check: ptr(attempt("111111", 5*time.Minute)), outcome: verify.Outcome{Status: verify.Expired, AttemptsLeft: -1}},
			{check: ptr(attempt("111111", 5*time.Minute+verify.RecordGrace)), outcome: notFound},
		}},
		{"revoke the only code", []verifyStep{
			{issue: ptr(issue("t1", "111111", 0, verify.ReplaceOld)), issued: verify.Issued{Sends: 1}},
			{revoke: "t1"},
			{revoke: "t1"},
			{revoke: "unknown"},
			{check: ptr(attempt("111111", time.Second)), outcome: notFound},
			{issue: ptr(issue("t2", "222222", time.Second, verify.ReplaceOld)), issued: verify.Issued{Sends: 1}},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newVerify(t, client, redisstore.VerifyOptions{Prefix: "v:" + c.name + ":"})
			runSteps(t, s, c.steps)
		})
	}
}

// TestVerifyStoreRecord: the record holds hashes and no key; it expires
// RecordGrace after its last code.
func TestVerifyStoreRecord(t *testing.T) {
	ctx := context.Background()
	_, client := server(t)
	s := newVerify(t, client, redisstore.VerifyOptions{})
	const key = "+8613800138000|login"
	_, err := s.Issue(ctx, key, verify.Issue{Token: "tok", Hash: hashOf("123456"), Now: time.Now(), ValidFor: 5 * time.Minute,
		Interval: time.Minute, MaxSends: 5})
	require.NoError(t, err)
	ks := keys(t, client)
	require.Len(t, ks, 1)
	assert.Regexp(t, `^smskit:verify:\{[A-Za-z0-9_-]{22}\}$`, ks[0])
	rec, err := client.HGetAll(ctx, ks[0]).Result()
	require.NoError(t, err)
	for k, v := range rec {
		assert.NotContains(t, k+v, "123456")
		assert.NotContains(t, k+v, "13800138000")
	}
	assert.True(t, bytes.Contains([]byte(rec["c:tok"]), hashOf("123456")), "the hash is kept")
	ttl := client.PTTL(ctx, ks[0]).Val()
	assert.InDelta(t, float64(5*time.Minute+verify.RecordGrace), float64(ttl), float64(2*time.Second))
}

// TestVerifyStoreConcurrentChecks: 64 checks of the right code, from 8
// clients at once: exactly one is approved.
func TestVerifyStoreConcurrentChecks(t *testing.T) {
	ctx := context.Background()
	srv, client := server(t)
	s := newVerify(t, client, redisstore.VerifyOptions{})
	for round := range 5 {
		key := "k" + strconv.Itoa(round)
		_, err := s.Issue(ctx, key, issue("t", "123456", 0, verify.ReplaceOld))
		require.NoError(t, err)
		var approved atomic.Int64
		var wg sync.WaitGroup
		for c := range 8 {
			other := newVerify(t, srv.Client(t), redisstore.VerifyOptions{})
			for range 8 {
				wg.Go(func() {
					a := attempt("123456", time.Second)
					a.MaxAttempts = 100
					o, err := other.Check(ctx, key, a)
					assert.NoError(t, err)
					if o.Approved() {
						approved.Add(1)
					} else {
						assert.Equal(t, verify.NotFound, o.Status, "client %d", c)
					}
				})
			}
		}
		wg.Wait()
		assert.Equal(t, int64(1), approved.Load())
	}
}

// TestVerifyStoreServerClock: instances with skewed clocks agree on
// expiry and interval, and Expires is the server's time.
func TestVerifyStoreServerClock(t *testing.T) {
	ctx := context.Background()
	_, client := server(t)
	s := newVerify(t, client, redisstore.VerifyOptions{Clock: redisstore.ServerClock})
	in := verify.Issue{Token: "t", Hash: hashOf("1"), Now: time.Now().Add(10 * time.Hour), ValidFor: time.Minute, Interval: time.Minute, MaxSends: 3}
	got, err := s.Issue(ctx, "k", in)
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(time.Minute), got.Expires, 5*time.Second)
	in.Now = time.Now().Add(-10 * time.Hour)
	got, err = s.Issue(ctx, "k", in)
	require.NoError(t, err)
	assert.Equal(t, verify.TooSoon, got.Refusal)
	o, err := s.Check(ctx, "k", verify.Attempt{Hash: hashOf("1"), Now: time.Now().Add(time.Hour), MaxAttempts: 3})
	require.NoError(t, err)
	assert.Equal(t, verify.Approved, o.Status, "not expired by the server's clock")
}

// TestVerifyStoreInvalid: bad input is an *sms.Error InvalidArgument and
// reaches no script.
func TestVerifyStoreInvalid(t *testing.T) {
	ctx := context.Background()
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", ContextTimeoutEnabled: true})
	defer client.Close()
	s := newVerify(t, client, redisstore.VerifyOptions{})
	good := issue("t", "1", 0, verify.ReplaceOld)
	bad := []func(*verify.Issue){
		func(in *verify.Issue) { in.Hash = in.Hash[:16] },
		func(in *verify.Issue) { in.Token = "" },
		func(in *verify.Issue) { in.ValidFor = 0 },
		func(in *verify.Issue) { in.Interval = -1 },
		func(in *verify.Issue) { in.Duplicate = 9 },
	}
	for i, f := range bad {
		in := good
		f(&in)
		_, err := s.Issue(ctx, "k", in)
		assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err), "case %d", i)
	}
	_, err := s.Check(ctx, "k", verify.Attempt{Hash: []byte("short"), MaxAttempts: 1})
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	_, err = redisstore.NewVerifyStore(nil, redisstore.VerifyOptions{})
	assert.ErrorIs(t, err, sms.ErrInvalidOptions)
	_, err = redisstore.NewVerifyStore(client, redisstore.VerifyOptions{Clock: 5})
	assert.ErrorIs(t, err, sms.ErrInvalidOptions)
	// A store error is an *Error, never "decided".
	_, err = s.Check(ctx, "k", attempt("1", 0))
	assert.ErrorIs(t, err, redisstore.ErrUnavailable)
}
