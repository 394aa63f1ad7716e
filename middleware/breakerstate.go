package middleware

import "github.com/sony/gobreaker/v2"

// BreakerState is the state of a Breaker: closed (sends go through),
// open (sends fail fast) or half-open (a few probes test the provider).
type BreakerState int

const (
	// BreakerClosed lets every send through and counts provider failures.
	BreakerClosed BreakerState = iota
	// BreakerHalfOpen lets BreakerOptions.Probes sends through to test the
	// provider; the rest fail fast.
	BreakerHalfOpen
	// BreakerOpen fails every send fast until OpenTimeout has passed.
	BreakerOpen
)

// String returns "closed", "half-open" or "open".
func (s BreakerState) String() string {
	switch s {
	case BreakerClosed:
		return "closed"
	case BreakerHalfOpen:
		return "half-open"
	case BreakerOpen:
		return "open"
	}
	return "unknown"
}

// breakerState translates gobreaker's state, which stays out of this
// package's API.
func breakerState(s gobreaker.State) BreakerState {
	switch s {
	case gobreaker.StateHalfOpen:
		return BreakerHalfOpen
	case gobreaker.StateOpen:
		return BreakerOpen
	}
	return BreakerClosed
}
