package aliyunverify_test

import (
	"strconv"
	"sync"
	"testing"

	"github.com/smskit/sms/verify"
	"github.com/stretchr/testify/assert"
)

// TestConcurrentUse: one Verifier serves concurrent starts and checks (each
// call takes an SDK client of its own); run with -race.
func TestConcurrentUse(t *testing.T) {
	e := newEnv(t, nil)
	const n = 16
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			purpose := "p" + strconv.Itoa(i)
			_, err := e.v.Start(ctx, verify.Request{To: e164, Purpose: purpose})
			if !assert.NoError(t, err) {
				return
			}
			// A purpose without a code: UNKNOWN, whatever the code.
			out, err := e.v.Check(ctx, verify.Check{To: e164, Purpose: "q" + strconv.Itoa(i), Code: "123456"})
			assert.NoError(t, err)
			assert.Equal(t, wrong, out)
		})
	}
	wg.Wait()
	assert.Len(t, e.srv.MessagesTo(national), n)
	assert.Equal(t, n, e.srv.Requests("CheckSmsVerifyCode"))
}
