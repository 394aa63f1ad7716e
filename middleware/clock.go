package middleware

import (
	"context"
	"time"
)

// timeSource is a clock (a Now option) that several layers may share.
// Layers holding the same *timeSource read the same clock, so that a time
// one of them read for a send serves the others (see sendState): the
// layers of one NewStack share the stack's clock, and every layer without
// a Now of its own shares realTime.
type timeSource struct {
	now func() time.Time
}

// realTime is the time source of every layer whose Now is nil.
var realTime = &timeSource{now: time.Now}

// newTimeSource returns the time source of a Now option: realTime for nil,
// otherwise a source of its own (two func values cannot be compared).
func newTimeSource(now func() time.Time) *timeSource {
	if now == nil {
		return realTime
	}
	return &timeSource{now: now}
}

// clock is the time source of a middleware and its sleep, which waits.
// Both are injected by tests so that no test waits for real time.
type clock struct {
	src   *timeSource
	sleep func(ctx context.Context, d time.Duration) error
}

// newClock fills a nil sleep with a real timer.
func newClock(src *timeSource, sleep func(ctx context.Context, d time.Duration) error) clock {
	if sleep == nil {
		sleep = sleepTimer
	}
	return clock{src: src, sleep: sleep}
}

// now reads the clock.
func (c clock) now() time.Time { return c.src.now() }

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
