package aliyunverify_test

import (
	"testing"

	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/aliyun/aliyunverify"
	"github.com/smskit/sms/verify"
	"github.com/smskit/sms/verify/verifytest"
	"github.com/stretchr/testify/require"
)

// TestConformance runs the Verifier suite against the emulator, which
// shares the Verifier's clock.
func TestConformance(t *testing.T) {
	for _, policy := range []verify.DuplicatePolicy{verify.ReplaceOld, verify.KeepAll} {
		t.Run(map[verify.DuplicatePolicy]string{verify.ReplaceOld: "ReplaceOld", verify.KeepAll: "KeepAll"}[policy], func(t *testing.T) {
			verifytest.Run(t, verifytest.Harness{New: func(t testing.TB) verifytest.Backend {
				clock := testclock.New(start)
				srv := aliyuntest.NewServer(aliyuntest.Options{Now: clock.Now})
				t.Cleanup(srv.Close)
				o := testOptions(srv, clock)
				o.DuplicatePolicy = policy
				v, err := aliyunverify.New(o)
				require.NoError(t, err)
				t.Cleanup(v.CloseIdleConnections)
				return verifytest.Backend{
					Verifier:    v,
					LastCode:    srv.LastVerifyCode,
					Advance:     clock.Advance,
					ValidFor:    aliyunverify.DefaultValidTime,
					Interval:    aliyunverify.DefaultInterval,
					MaxAttempts: 3, // not enforced: see Unsupported
					Duplicate:   policy,
					Secrets:     []string{aliyuntest.TestAccessKeySecret, aliyuntest.TestAccessKeyID},
					Unsupported: map[string]string{
						verifytest.CaseAttemptCap: "Aliyun documents no cap on the checks of a code, and " +
							"CheckSmsVerifyCode does not report one; the emulator has none",
					},
				}
			}})
		})
	}
}
