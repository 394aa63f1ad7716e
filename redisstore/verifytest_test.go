package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/internal/redistest"
	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/redisstore"
	"github.com/smskit/sms/verify"
	"github.com/smskit/sms/verify/verifytest"
)

// TestVerifyStoreConformance runs verify's Store conformance suite against
// VerifyStore on a real redis-server, each case on its own prefix.
func TestVerifyStoreConformance(t *testing.T) {
	_, client := server(t)
	verifytest.RunStore(t, func(t testing.TB) verify.Store {
		return newVerify(t, client, redisstore.VerifyOptions{Prefix: "vt:" + t.Name() + ":"})
	})
}

// TestVerifierOnRedis runs verify's Verifier conformance suite against the
// local backend (verify.New) whose Store is a VerifyStore, under both
// duplicate policies.
func TestVerifierOnRedis(t *testing.T) {
	_, client := server(t)
	templates := []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}."}}
	secret := []byte("0123456789abcdef0123456789abcdef-redis-secret")
	for _, dup := range []verify.DuplicatePolicy{verify.ReplaceOld, verify.KeepAll} {
		t.Run(map[verify.DuplicatePolicy]string{verify.ReplaceOld: "ReplaceOld", verify.KeepAll: "KeepAll"}[dup], func(t *testing.T) {
			verifytest.Run(t, verifytest.Harness{New: func(t testing.TB) verifytest.Backend {
				clock := testclock.New(time.Now().Truncate(time.Second))
				sender := fake.MustNew(fake.Options{Templates: templates, Now: clock.Now})
				store := newVerify(t, client, redisstore.VerifyOptions{Prefix: "vr:" + t.Name() + ":"})
				v, err := verify.New(verify.Options{
					Sender: sender, Template: "login_code", Templates: templates,
					Store: store, Secret: secret, Now: clock.Now, Duplicate: dup,
				})
				require.NoError(t, err)
				return verifytest.Backend{
					Verifier: v,
					LastCode: func(to string) (string, bool) {
						r, ok := sender.Last(to)
						if !ok {
							return "", false
						}
						return r.Message.Params["code"], true
					},
					Advance:  clock.Advance,
					ValidFor: verify.DefaultValidFor, Interval: verify.DefaultInterval,
					MaxAttempts: verify.DefaultMaxAttempts, MaxSends: verify.DefaultMaxSends,
					Duplicate: dup, ReportsExpiry: true, ReportsAttemptsLeft: true,
					Secrets: []string{string(secret)},
				}
			}})
		})
	}
}

// TestGuardedFleet: two instances of a guarded verifier, each with its own
// client, share the pending codes and the guard's per-number limits
// through Redis: a code started on one is checked on the other, and the
// second instance may not send another code to the number within the
// minute.
func TestGuardedFleet(t *testing.T) {
	srv := redistest.Start(t)
	templates := []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}."}}
	secret := []byte("0123456789abcdef0123456789abcdef-redis-secret")
	clock := testclock.New(time.Now().Truncate(time.Second))
	sender := fake.MustNew(fake.Options{Templates: templates, Now: clock.Now})
	instance := func() *verify.Guarded {
		client := srv.Client(t)
		codes := newVerify(t, client, redisstore.VerifyOptions{})
		recipients := newLimit(t, client, redisstore.LimitOptions{Prefix: "guard:to:", KeySecret: secret})
		keySends := newLimit(t, client, redisstore.LimitOptions{Prefix: "guard:key:", Policy: verify.KeySendPolicy(), KeySecret: secret})
		keyChecks := newLimit(t, client, redisstore.LimitOptions{Prefix: "guard:check:", Policy: verify.KeyCheckPolicy(), KeySecret: secret})
		g, err := verify.NewGuarded(
			verify.Options{Sender: sender, Template: "login_code", Templates: templates, Store: codes, Secret: secret, Now: clock.Now},
			verify.GuardOptions{Recipients: recipients, KeySends: keySends, KeyChecks: keyChecks},
		)
		require.NoError(t, err)
		return g
	}
	a, b := instance(), instance()
	ctx := context.Background()
	const to = "+8613800138000"
	_, err := a.Start(ctx, verify.Request{To: to, Purpose: "login", Key: "203.0.113.7"})
	require.NoError(t, err)
	clock.Advance(59 * time.Second)
	_, err = b.Start(ctx, verify.Request{To: to, Purpose: "signup", Key: "203.0.113.8"})
	require.Error(t, err, "the number's minute is shared by the fleet, across purposes")
	assert.Equal(t, sms.RateLimited, sms.CodeOf(err))

	r, ok := sender.Last(to)
	require.True(t, ok)
	o, err := b.Check(ctx, verify.Check{To: to, Purpose: "login", Code: r.Message.Params["code"]})
	require.NoError(t, err)
	assert.True(t, o.Approved(), "a code started on one instance is checked on another")
	o, err = a.Check(ctx, verify.Check{To: to, Purpose: "login", Code: r.Message.Params["code"]})
	require.NoError(t, err)
	assert.Equal(t, verify.NotFound, o.Status, "once")
}
