package twilioverify_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/verify"
)

// TestConcurrentChecks checks the right code from 32 goroutines at once:
// exactly one is approved, the others find nothing pending.
func TestConcurrentChecks(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.v.Start(t.Context(), verify.Request{To: recipient})
	require.NoError(t, err)
	code := e.code(t)
	var wg sync.WaitGroup
	outcomes := make([]verify.Outcome, 32)
	errs := make([]error, len(outcomes))
	for i := range outcomes {
		wg.Go(func() {
			outcomes[i], errs[i] = e.v.Check(t.Context(), verify.Check{To: recipient, Code: code})
		})
	}
	wg.Wait()
	counts := map[verify.Status]int{}
	for i, out := range outcomes {
		require.NoError(t, errs[i])
		counts[out.Status]++
	}
	assert.Equal(t, map[verify.Status]int{verify.Approved: 1, verify.NotFound: len(outcomes) - 1}, counts)
}
