package fake

import (
	"context"
	"fmt"

	"github.com/smskit/sms/internal/senderkit"
)

// WaitFor blocks until at least n messages were accepted since New or Reset,
// or until ctx ends. It is for code under test that sends from another
// goroutine: each accepted send wakes it, so it never polls or sleeps, and
// sends cost nothing more while no one waits.
//
// When ctx ends first, the error says how many messages arrived and wraps
// ctx's error. A nil ctx is an error, as in Send.
func (s *Sender) WaitFor(ctx context.Context, n int) error {
	if ctx == nil {
		return senderkit.CheckContext(ctx, s.base.Provider)
	}
	s.waiting.Add(1)
	defer s.waiting.Add(-1)
	for {
		// The channel is taken before the count: a message accepted after
		// the count sees a waiter and closes it (Sender.keep).
		s.mu.Lock()
		if s.changed == nil {
			s.changed = make(chan struct{})
		}
		changed := s.changed
		s.mu.Unlock()
		if s.Len() >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("fake: %d of %d messages accepted: %w", s.Len(), n, ctx.Err())
		}
	}
}
