package middleware

import "time"

// backoff computes exponential delays with full jitter: the delay before
// retry n (1 for the first retry) is uniform in [0, min(max, base·2^(n-1))).
// Full jitter spreads the retries of many senders that failed together, so
// that they do not hit a recovering provider at the same instant.
type backoff struct {
	base, max time.Duration
	rand      func() float64 // uniform in [0, 1)
}

func (b backoff) delay(n int) time.Duration {
	ceiling := b.base
	for i := 1; i < n && ceiling < b.max; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, b.max)
	return time.Duration(b.rand() * float64(ceiling))
}
