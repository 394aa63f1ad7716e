package aliyun_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConcurrentSends runs 64 goroutines through one Sender (run it with
// -race) and checks that connections are reused: the number opened stays
// near the concurrency, not the number of sends. A connection returns to the
// idle pool from net/http's read loop after its answer was read, so on a
// loaded machine a goroutine's next send sometimes finds none idle and opens
// one more: the bound is twice the concurrency, an eighth of the sends.
func TestConcurrentSends(t *testing.T) {
	const (
		goroutines = 64
		perG       = 16
	)
	srv := newEmulator(t, aliyuntest.Options{Limits: aliyuntest.Limits{Disabled: true}})
	base := newDialCounter(goroutines)
	t.Cleanup(base.CloseIdleConnections)
	s := newSender(t, srv, func(o *aliyun.Options) { o.Transport = base })

	var wg sync.WaitGroup
	errs := make(chan error, goroutines*perG)
	ids := make(chan string, goroutines*perG)
	for g := range goroutines {
		wg.Go(func() {
			for i := range perG {
				res, err := s.Send(context.Background(), sms.Message{
					To:        fmt.Sprintf("+86139%08d", g*perG+i),
					Template:  "login_code",
					Params:    map[string]string{"code": fmt.Sprintf("%04d", i)},
					Reference: fmt.Sprintf("g%d-%d", g, i),
				})
				errs <- err
				ids <- res.MessageID
			}
		})
	}
	wg.Wait()
	close(errs)
	close(ids)
	for err := range errs {
		require.NoError(t, err)
	}
	seen := map[string]bool{}
	for id := range ids {
		assert.False(t, seen[id], "duplicate BizId %s", id)
		seen[id] = true
	}
	assert.Len(t, srv.Messages(), goroutines*perG)
	dials := base.dials.Load()
	t.Logf("%d sends from %d goroutines opened %d connections", goroutines*perG, goroutines, dials)
	assert.LessOrEqual(t, dials, int64(goroutines*2), "connections must be reused, not opened per send")
}
