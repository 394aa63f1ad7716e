package middleware

import "sync"

// breakerBuckets is how many buckets a breaker's window is split into: the
// window slides by a tenth of its length.
const breakerBuckets = 10

// failureWindow counts a breaker's counted sends and failures over a
// sliding window on the breaker's clock (gobreaker's own rolling counts
// read time.Now, which tests cannot move). It is safe for concurrent use.
type failureWindow struct {
	mu      sync.Mutex
	width   int64 // nanoseconds per bucket
	buckets [breakerBuckets]windowBucket
}

type windowBucket struct {
	epoch              int64 // which bucket period the counts are for
	requests, failures uint32
}

// newFailureWindow returns a window of length window (at least
// breakerBuckets nanoseconds).
func newFailureWindow(window int64) *failureWindow {
	return &failureWindow{width: max(window/breakerBuckets, 1)}
}

// record counts one send at nowNs (unix nanoseconds on the breaker's
// clock), failed or not.
func (w *failureWindow) record(nowNs int64, failed bool) {
	epoch := nowNs / w.width
	w.mu.Lock()
	defer w.mu.Unlock()
	b := &w.buckets[uint64(epoch)%breakerBuckets]
	if b.epoch != epoch {
		*b = windowBucket{epoch: epoch}
	}
	b.requests++
	if failed {
		b.failures++
	}
}

// totals returns the sends and failures counted in the window that ends at
// nowNs.
func (w *failureWindow) totals(nowNs int64) (requests, failures uint32) {
	epoch := nowNs / w.width
	w.mu.Lock()
	defer w.mu.Unlock()
	for i := range w.buckets {
		if c := &w.buckets[i]; c.epoch > epoch-breakerBuckets && c.epoch <= epoch {
			requests += c.requests
			failures += c.failures
		}
	}
	return requests, failures
}

// reset forgets every count, as when the breaker closes.
func (w *failureWindow) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buckets = [breakerBuckets]windowBucket{}
}
