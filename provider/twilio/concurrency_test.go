package twilio_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

func TestConcurrentSends(t *testing.T) {
	const goroutines, perGoroutine = 64, 4
	srv := newServer(t, twiliotest.Options{})
	s := newSender(t, baseOptions(srv))
	// Each goroutine's last send fails, so that error paths run
	// concurrently too.
	srv.SetFaults(func(r twiliotest.Request) twiliotest.Fault {
		if strings.HasSuffix(r.Form.Get("To"), fmt.Sprintf("%02d", perGoroutine-1)) {
			return twiliotest.Fault{Status: 503}
		}
		return twiliotest.Fault{}
	})
	var wg sync.WaitGroup
	var mu sync.Mutex
	ids := map[string]bool{}
	failed := 0
	for g := range goroutines {
		wg.Go(func() {
			for i := range perGoroutine {
				res, err := s.Send(context.Background(), loginMessage(fmt.Sprintf("+1415555%02d%02d", g, i)))
				mu.Lock()
				if err != nil {
					failed++
					assert.True(t, sms.IsRetryable(err))
				} else {
					ids[res.MessageID] = true
				}
				mu.Unlock()
				if err == nil {
					_, err := s.Status(context.Background(), sms.StatusQuery{MessageID: res.MessageID})
					assert.NoError(t, err)
				}
			}
		})
	}
	wg.Wait()
	require.Len(t, srv.Messages(), len(ids))
	assert.Equal(t, goroutines*perGoroutine, len(ids)+failed)
	assert.Equal(t, goroutines, failed)
	for _, m := range srv.Messages() {
		assert.True(t, ids[m.SID])
	}
}
