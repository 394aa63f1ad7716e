package middleware_test

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/testclock"
)

// newFakeClock returns a clock that moves only when told to, or when
// something sleeps on it. It starts an hour ahead of the real clock: no
// middleware may compute a context's deadline from it or compare one with
// it, and tests that set deadlines use real time (context.WithTimeout).
func newFakeClock() *testclock.Clock {
	return testclock.New(time.Now().Add(time.Hour).Truncate(time.Second))
}

// scripted is a test sender that answers each call with the next scripted
// error (nil sends), then with the last one forever, and counts its calls.
type scripted struct {
	mu    sync.Mutex
	errs  []error
	calls atomic.Int64
	ctxs  []context.Context
}

func script(errs ...error) *scripted { return &scripted{errs: errs} }

func (s *scripted) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	n := s.calls.Add(1)
	s.mu.Lock()
	s.ctxs = append(s.ctxs, ctx)
	var err error
	if len(s.errs) > 0 {
		err = s.errs[min(int(n)-1, len(s.errs)-1)]
	}
	s.mu.Unlock()
	if err != nil {
		return sms.Result{}, err
	}
	return sms.Result{Provider: "test", MessageID: "id-" + msg.To}, nil
}

func (s *scripted) Calls() int { return int(s.calls.Load()) }

func (s *scripted) Ctx(i int) context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ctxs[i]
}

// ok is a sender that always succeeds.
var ok = sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
	return sms.Result{Provider: "test", MessageID: "id"}, nil
})

func unavailable() error {
	return &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: "test", Message: "outage"}
}

func unknownMaybe() error {
	return &sms.Error{Code: sms.Unknown, Provider: "test", Message: "connection lost after writing"}
}

func throttled(after time.Duration) error {
	return &sms.Error{Code: sms.RateLimited, NotAccepted: true, Provider: "test", RetryAfter: after}
}

func invalidArg() error {
	return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: "test", Message: "bad number"}
}

var msg = sms.Message{To: "+8613800138000", Template: "login", Params: map[string]string{"code": "482915"}}

// sendConcurrently sends msg through sender from goroutines goroutines, each
// perGoroutine times, asserting that every send succeeds; run it with -race.
func sendConcurrently(t *testing.T, sender sms.Sender, goroutines, perGoroutine int) {
	t.Helper()
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range perGoroutine {
				_, err := sender.Send(context.Background(), msg)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
}

// farBehind and farAhead are injected clocks a long way from real time: a
// context deadline computed from them, or compared with them, is wrong by
// years.
func farBehind() time.Time { return time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) }
func farAhead() time.Time  { return time.Now().AddDate(5, 0, 0) }

// assertDeadlineIn asserts that ctx's deadline is d after an instant between
// before and after, read on the real clock around the call that set it.
func assertDeadlineIn(t *testing.T, ctx context.Context, before, after time.Time, d time.Duration) {
	t.Helper()
	deadline, ok := ctx.Deadline()
	require.True(t, ok, "no deadline")
	assert.False(t, deadline.Before(before.Add(d)), "deadline %v is earlier than %v after the call", deadline, d)
	assert.False(t, deadline.After(after.Add(d)), "deadline %v is later than %v after the call", deadline, d)
}

// discardLogger logs nothing.
func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
