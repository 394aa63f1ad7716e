package redisstore_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
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
