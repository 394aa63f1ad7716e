package redisstore_test

import (
	"testing"

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
