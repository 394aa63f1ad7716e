package middleware

import (
	"strconv"
	"time"
)

// Bucket is a token bucket: it holds at most Limit sends and refills
// evenly at Limit per Per. Up to Limit may go at once after a quiet
// period, and about Limit per Per on average; in any one period Per at
// most twice Limit. DestinationLimit gives each country and each prefix
// its own. The zero Bucket means no limit.
type Bucket struct {
	// Limit is the bucket's size, and how many sends it refills per Per.
	Limit int
	// Per is the time the bucket takes to refill from empty.
	Per time.Duration
}

// IsZero reports whether b is the zero Bucket: no limit.
func (b Bucket) IsZero() bool { return b == Bucket{} }

// String formats b as "LIMIT/PER", such as "100/1h0m0s".
func (b Bucket) String() string { return strconv.Itoa(b.Limit) + "/" + b.Per.String() }

// validate checks a non-zero bucket.
func (b Bucket) validate(field string) error {
	switch {
	case b.Limit < 1:
		return optionsError(field + " (" + b.String() + "): Limit must be at least 1")
	case b.Per < time.Second:
		return optionsError(field + " (" + b.String() + "): Per must be at least a second")
	}
	return nil
}

// tokenBucket is the state of one Bucket; its owner locks it.
type tokenBucket struct {
	size     float64
	perToken float64 // nanoseconds to refill one token
	tokens   float64 // at last
	last     int64   // unix nanoseconds
}

// newTokenBucket returns b's state, full.
func newTokenBucket(b Bucket) *tokenBucket {
	return &tokenBucket{size: float64(b.Limit), perToken: float64(b.Per) / float64(b.Limit), tokens: float64(b.Limit)}
}

// refill brings the bucket to nowNs. A clock that goes back refills
// nothing and does not move last back.
func (b *tokenBucket) refill(nowNs int64) {
	if nowNs > b.last {
		if b.last != 0 {
			b.tokens = min(b.size, b.tokens+float64(nowNs-b.last)/b.perToken)
		}
		b.last = nowNs
	}
}

// wait returns how long, in nanoseconds, until the bucket holds a token at
// nowNs; zero when it holds one now.
func (b *tokenBucket) wait(nowNs int64) int64 {
	b.refill(nowNs)
	if b.tokens >= 1 {
		return 0
	}
	return int64((1-b.tokens)*b.perToken) + 1
}

// take removes one token; wait must have returned zero.
func (b *tokenBucket) take() { b.tokens-- }

// refund gives one token back.
func (b *tokenBucket) refund() { b.tokens = min(b.size, b.tokens+1) }
