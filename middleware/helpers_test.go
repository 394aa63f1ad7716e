package middleware_test

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smskit/sms"
)

// fakeClock is a clock that moves only when told to, or when something
// sleeps on it. It starts an hour ahead of the real clock, so that contexts
// with deadlines computed from it never expire in real time during a test.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Now().Add(time.Hour).Truncate(time.Second)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Sleep advances the clock by d at once, unless ctx has ended.
func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept = append(c.slept, d)
	c.t = c.t.Add(d)
	return nil
}

func (c *fakeClock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
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
