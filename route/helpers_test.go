package route_test

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/smskit/sms"
)

// stub is a scripted sms.Sender: fail decides each message's fate (nil
// sends it), and every call is counted.
type stub struct {
	name  string
	fail  func(sms.Message) error
	calls atomic.Int64
	sent  atomic.Int64
}

func (s *stub) Send(_ context.Context, m sms.Message) (sms.Result, error) {
	n := s.calls.Add(1)
	if s.fail != nil {
		if err := s.fail(m); err != nil {
			return sms.Result{}, err
		}
	}
	s.sent.Add(1)
	return sms.Result{Provider: s.name, MessageID: s.name + "-" + strconv.FormatInt(n, 10)}, nil
}

// failing returns a stub that fails every message with err.
func failing(name string, err error) *stub {
	return &stub{name: name, fail: func(sms.Message) error { return err }}
}

// working returns a stub that sends every message.
func working(name string) *stub { return &stub{name: name} }

// seeded returns a deterministic Options.Rand safe for concurrent use.
func seeded(seed uint64) func(int) int {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return func(n int) int {
		mu.Lock()
		defer mu.Unlock()
		return rng.IntN(n)
	}
}

// msg returns a valid message to the i-th mainland number.
func msg(i int) sms.Message {
	return sms.Message{
		To:        "+8613900" + pad6(i),
		Template:  "login_code",
		Params:    map[string]string{"code": "482915"},
		Reference: "m-" + strconv.Itoa(i),
	}
}

func pad6(i int) string {
	s := strconv.Itoa(i)
	for len(s) < 6 {
		s = "0" + s
	}
	return s
}
