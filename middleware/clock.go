package middleware

import (
	"context"
	"time"
)

// clock is the time source of a middleware: Now reads the time and sleep
// waits. Both are injected by tests so that no test waits for real time.
type clock struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

// newClock fills nil functions with the real clock.
func newClock(now func() time.Time, sleep func(ctx context.Context, d time.Duration) error) clock {
	if now == nil {
		now = time.Now
	}
	if sleep == nil {
		sleep = sleepTimer
	}
	return clock{now: now, sleep: sleep}
}

// sleepTimer waits for d with a real timer, or returns ctx's error as soon as
// ctx ends.
func sleepTimer(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// timeLeft returns how long ctx has before its deadline, and whether it has
// one. It is measured on real time (time.Until), never on an injected clock:
// a context's deadline expires in real time, whatever clock a middleware
// uses for its own bookkeeping.
func timeLeft(ctx context.Context) (time.Duration, bool) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return 0, false
	}
	return time.Until(deadline), true
}
