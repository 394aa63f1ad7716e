package fake

import (
	"context"
	"fmt"
)

// WaitFor blocks until at least n messages were accepted since New or Reset,
// or until ctx ends. It is for code under test that sends from another
// goroutine: each accepted send wakes it, so it never polls or sleeps.
//
// When ctx ends first, the error says how many messages arrived and wraps
// ctx's error.
func (s *Sender) WaitFor(ctx context.Context, n int) error {
	for {
		s.mu.Lock()
		got, changed := s.accepted, s.changed
		s.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("fake: %d of %d messages accepted: %w", s.Len(), n, ctx.Err())
		}
	}
}
