package testclock

import (
	"context"
	"sync"
	"time"
)

// Clock is a manual clock that is safe for concurrent use. Its zero value
// reads the zero time; New starts it elsewhere.
type Clock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

// New returns a Clock that reads start until it is advanced, set or slept on.
func New(start time.Time) *Clock { return &Clock{now: start} }

// Now returns the clock's current time. Its method value, clk.Now, fits the
// module's Now func() time.Time options.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (backward if d is negative).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Set moves the clock to t, forward or backward.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Sleep returns ctx.Err() if ctx has ended; otherwise it records d (see
// Slept) and advances the clock by d at once, without blocking, and returns
// nil. Its method value fits Sleep func(context.Context, time.Duration) error
// hooks.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	return nil
}

// Slept returns a copy of the durations passed to successful Sleep calls, in
// call order; nil if there were none.
func (c *Clock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}
