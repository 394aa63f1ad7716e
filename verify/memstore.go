package verify

import (
	"context"
	"crypto/subtle"
	"errors"
	"hash/maphash"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// ErrStoreFull is returned by a Store that holds as many verifications as
// it may, all still pending. The local backend turns it into an *sms.Error
// of code Unavailable, not accepted: nothing was sent.
var ErrStoreFull = errors.New("verify: store is full")

// DefaultMaxKeys is MemoryStoreOptions.MaxKeys's default: 2^18
// verifications, a few hundred bytes each.
const DefaultMaxKeys = 1 << 18

// MemoryStoreOptions configures NewMemoryStore.
type MemoryStoreOptions struct {
	// MaxKeys caps the verifications held at once. Zero means
	// DefaultMaxKeys.
	MaxKeys int
}

// MemoryStore is a Store in process memory, for one instance of an
// application (a fleet shares a Store on Redis instead). It is safe for
// concurrent use: each operation runs under the lock of one of 64 shards.
//
// Memory is bounded. A verification is forgotten RecordGrace after its last
// code expires (or when approved); a shard sweeps its forgettable
// verifications at most once a minute, and at once when it is full. When a
// shard holds MaxKeys/64 verifications that are all still pending, Issue
// fails with ErrStoreFull: a pending verification is never evicted, since
// that would reset its attempts and sends. The memory per verification is
// about 150 bytes plus 60 per code.
//
// Check compares the hash against MaxSendsLimit code slots with
// crypto/subtle in every case: a key without a verification is compared
// against dummy slots, so that it costs what a wrong code costs.
type MemoryStore struct {
	shardCap int
	seed     maphash.Seed
	shards   [memShards]memShard
	compares atomic.Int64 // verifications compared, for tests
	misses   atomic.Int64 // dummy comparisons: the same work as compares
}

const (
	memShards     = 64
	memSweepEvery = time.Minute
)

type memShard struct {
	mu        sync.Mutex
	m         map[string]*record
	lastSweep time.Time
	_         [40]byte // keep shards on their own cache lines
}

// record is one verification.
type record struct {
	codes    []storedCode // oldest first; at most MaxSendsLimit
	sends    int          // codes issued, revoked ones excluded
	attempts int
	burned   bool
	dup      DuplicatePolicy
}

type storedCode struct {
	hash    [HashSize]byte
	token   string
	sent    time.Time
	expires time.Time
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore(opts MemoryStoreOptions) (*MemoryStore, error) {
	if opts.MaxKeys < 0 {
		return nil, optionsError("MemoryStoreOptions.MaxKeys " + strconv.Itoa(opts.MaxKeys) + " is negative; zero means DefaultMaxKeys")
	}
	if opts.MaxKeys == 0 {
		opts.MaxKeys = DefaultMaxKeys
	}
	s := &MemoryStore{
		shardCap: max(1, (opts.MaxKeys+memShards-1)/memShards),
		seed:     maphash.MakeSeed(),
	}
	for i := range s.shards {
		s.shards[i].m = make(map[string]*record)
	}
	return s, nil
}

func (s *MemoryStore) shard(key string) *memShard {
	return &s.shards[maphash.String(s.seed, key)%memShards]
}

// lastExpiry is when the last code of r expires.
func (r *record) lastExpiry() time.Time {
	var t time.Time
	for _, c := range r.codes {
		if c.expires.After(t) {
			t = c.expires
		}
	}
	return t
}

// forgettable reports whether r can be forgotten at now.
func (r *record) forgettable(now time.Time) bool {
	return len(r.codes) == 0 || !now.Before(r.lastExpiry().Add(RecordGrace))
}

// live reports whether a code of r is still accepted at now (ignoring the
// duplicate policy).
func (r *record) live(now time.Time) bool {
	for _, c := range r.codes {
		if now.Before(c.expires) {
			return true
		}
	}
	return false
}

// get returns key's record, or nil when it has none or can forget it.
func (sh *memShard) get(key string, now time.Time) *record {
	r := sh.m[key]
	if r != nil && r.forgettable(now) {
		delete(sh.m, key)
		return nil
	}
	return r
}

// sweep forgets the records that can be forgotten at now.
func (sh *memShard) sweep(now time.Time) {
	for k, r := range sh.m {
		if r.forgettable(now) {
			delete(sh.m, k)
		}
	}
	sh.lastSweep = now
}

// retryWhenFull is when a full shard will have room: the earliest time a
// record in it can be forgotten.
func (sh *memShard) retryWhenFull(now time.Time) time.Duration {
	var first time.Time
	for _, r := range sh.m {
		if t := r.lastExpiry().Add(RecordGrace); first.IsZero() || t.Before(first) {
			first = t
		}
	}
	return max(first.Sub(now), time.Second)
}

// Issue implements Store.
func (s *MemoryStore) Issue(ctx context.Context, key string, in Issue) (Issued, error) {
	if err := ctx.Err(); err != nil {
		return Issued{}, err
	}
	if len(in.Hash) != HashSize {
		return Issued{}, errors.New("verify: Issue.Hash is not HashSize bytes")
	}
	maxSends := min(max(in.MaxSends, 1), MaxSendsLimit)
	sh := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	now := in.Now
	if now.Sub(sh.lastSweep) >= memSweepEvery {
		sh.sweep(now)
	}
	r := sh.get(key, now)
	if r != nil && len(r.codes) > 0 {
		last := r.codes[len(r.codes)-1]
		if wait := last.sent.Add(in.Interval).Sub(now); wait > 0 {
			return Issued{Refusal: TooSoon, RetryAfter: wait, Sends: r.sends}, nil
		}
	}
	if r != nil && !r.live(now) {
		r = nil // every code expired: a new verification
		delete(sh.m, key)
	}
	if r != nil && r.sends >= maxSends {
		return Issued{Refusal: TooManySends, RetryAfter: max(r.lastExpiry().Sub(now), time.Second), Sends: r.sends}, nil
	}
	if r == nil {
		if len(sh.m) >= s.shardCap {
			sh.sweep(now)
			if len(sh.m) >= s.shardCap {
				return Issued{RetryAfter: sh.retryWhenFull(now)}, ErrStoreFull
			}
		}
		r = &record{codes: make([]storedCode, 0, 1)}
		sh.m[key] = r
	}
	if r.burned {
		// A new code after the attempts ran out: its checks start again,
		// within the verification's MaxSends.
		r.burned, r.attempts = false, 0
	}
	c := storedCode{token: in.Token, sent: now, expires: now.Add(in.ValidFor)}
	copy(c.hash[:], in.Hash)
	r.codes = append(r.codes, c)
	r.sends++
	r.dup = in.Duplicate
	return Issued{Sends: r.sends, Expires: c.expires}, nil
}

// Revoke implements Store.
func (s *MemoryStore) Revoke(ctx context.Context, key, token string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	sh := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	r := sh.m[key]
	if r == nil {
		return nil
	}
	for i, c := range r.codes {
		if c.token == token {
			r.codes = append(r.codes[:i], r.codes[i+1:]...)
			r.sends--
			break
		}
	}
	if len(r.codes) == 0 {
		delete(sh.m, key)
	}
	return nil
}

// dummyCodes are compared when a key has no verification.
var dummyCodes [MaxSendsLimit]storedCode

// dummyRecord stands for a missing record in the work Check does.
var dummyRecord = &record{codes: dummyCodes[:1]}

// Check implements Store.
func (s *MemoryStore) Check(ctx context.Context, key string, in Attempt) (Outcome, error) {
	if err := ctx.Err(); err != nil {
		return Outcome{}, err
	}
	if len(in.Hash) != HashSize {
		return Outcome{}, errors.New("verify: Attempt.Hash is not HashSize bytes")
	}
	sh := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	now := in.Now
	r := sh.get(key, now)
	if r == nil {
		// The work of a wrong code, on a record that matches nothing.
		s.misses.Add(1)
		compareSlots(dummyCodes[:], in.Hash, now, ReplaceOld, 0)
		_ = dummyRecord.live(now)
		return Outcome{Status: NotFound, AttemptsLeft: -1}, nil
	}
	if r.burned {
		return Outcome{Status: TooManyAttempts, AttemptsLeft: 0}, nil
	}
	s.compares.Add(1)
	match := compareSlots(r.codes, in.Hash, now, r.dup, len(r.codes))
	if !r.live(now) {
		return Outcome{Status: Expired, AttemptsLeft: -1}, nil
	}
	r.attempts++
	if match {
		delete(sh.m, key)
		return Outcome{Status: Approved, AttemptsLeft: -1}, nil
	}
	maxAttempts := max(in.MaxAttempts, 1)
	left := maxAttempts - r.attempts
	if left <= 0 {
		r.burned = true
		left = 0
	}
	return Outcome{Status: WrongCode, AttemptsLeft: left}, nil
}

// compareSlots compares hash with MaxSendsLimit slots in constant time,
// codes first and dummy slots after them, and reports whether it equals
// an accepted code: one not expired at now and, under ReplaceOld, the
// newest (the last of n).
func compareSlots(codes []storedCode, hash []byte, now time.Time, dup DuplicatePolicy, n int) bool {
	match := 0
	for i := 0; i < MaxSendsLimit; i++ {
		c := &dummyCodes[0]
		accepted := 0
		if i < len(codes) {
			c = &codes[i]
			if now.Before(c.expires) && (dup == KeepAll || i == n-1) {
				accepted = 1
			}
		}
		match |= subtle.ConstantTimeCompare(c.hash[:], hash) & accepted
	}
	return match == 1
}

// Len returns the number of verifications the store holds, including those
// it has yet to forget.
func (s *MemoryStore) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += len(sh.m)
		sh.mu.Unlock()
	}
	return n
}
