package dryrun_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
)

// lockedBuffer is a bytes.Buffer safe for concurrent writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// TestConcurrentUse sends from 64 goroutines while others read; run it with
// -race.
func TestConcurrentUse(t *testing.T) {
	const goroutines, perGoroutine, keep = 64, 10, 50
	var logs lockedBuffer
	s := newSender(t, dryrun.Options{Keep: keep, Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	ctx := context.Background()

	var wg sync.WaitGroup
	ids := make([][]string, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			to := fmt.Sprintf("+86138%08d", g)
			for n := range perGoroutine {
				res, err := s.Send(ctx, sms.Message{To: to, Template: "t", Params: map[string]string{"n": fmt.Sprint(n)}})
				if !assert.NoError(t, err) {
					return
				}
				ids[g] = append(ids[g], res.MessageID)
				_, _ = s.Last(to)
				_, _ = s.Code(to, "n")
				_ = s.SentTo(to)
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 20 {
				_ = s.Messages()
				_ = s.Records()
				s.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
			}
		})
	}
	wg.Wait()

	require.Len(t, s.Messages(), keep)
	assert.Equal(t, goroutines*perGoroutine, strings.Count(logs.buf.String(), "\n"), "one line per message")
	seen := map[string]bool{}
	for _, list := range ids {
		for _, id := range list {
			assert.False(t, seen[id], "duplicate id %s", id)
			seen[id] = true
		}
	}
	assert.Len(t, seen, goroutines*perGoroutine)
}
