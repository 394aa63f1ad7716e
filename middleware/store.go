package middleware

import (
	"context"
	"errors"
	"hash/maphash"
	"math"
	"sync/atomic"
	"time"
)

// Store keeps the per-key send history behind RecipientLimit and applies a
// Policy to it. MemoryStore keeps it in process; a store shared by several
// processes (such as one on Redis) implements the same two methods.
type Store interface {
	// Take records one send for key at now if the policy allows it and
	// returns true. Otherwise it records nothing and returns false with
	// how long until a send would be allowed. A non-nil error means the
	// store could not decide; ErrStoreFull means it tracks too many keys
	// to take a new one (every key it tracks still restricts), and
	// retryAfter says when it may have room.
	Take(ctx context.Context, key string, now time.Time) (ok bool, retryAfter time.Duration, err error)
	// Refund forgets the send that Take recorded for key at the same time
	// at, because the message was definitely not accepted. Refunding a send
	// the store no longer holds does nothing.
	Refund(ctx context.Context, key string, at time.Time) error
}

// ErrStoreFull is returned by a Store that tracks as many keys as it may and
// cannot forget any of them yet.
var ErrStoreFull = errors.New("middleware: recipient limit store is full")

// DefaultMaxKeys is MemoryStoreOptions.MaxKeys's default: 2^20 keys, about
// 100 MB with AliyunCodePolicy (see BENCHMARKS.md).
const DefaultMaxKeys = 1 << 20

// MemoryStoreOptions configures NewMemoryStore.
type MemoryStoreOptions struct {
	// Policy is the limit applied to every key. Nil means
	// AliyunCodePolicy().
	Policy Policy
	// MaxKeys caps the number of keys tracked at once. Zero means
	// DefaultMaxKeys.
	MaxKeys int
}

// Validate reports whether opts can work: a valid Policy (see
// Policy.Validate) and a MaxKeys that is not negative. A violation wraps
// sms.ErrInvalidOptions.
func (opts MemoryStoreOptions) Validate() error {
	if opts.Policy != nil {
		if err := opts.Policy.Validate(); err != nil {
			return err
		}
	}
	if opts.MaxKeys < 0 {
		return optionsError("MemoryStoreOptions.MaxKeys is negative; zero means DefaultMaxKeys")
	}
	return nil
}

// MemoryStore is an in-process Store whose memory stays bounded when the
// keys are chosen by an attacker (SMS pumping sends to millions of distinct
// numbers).
//
// Each key costs its policy's largest Limit times four bytes of send times
// (one-second resolution, rounded up, so a window never ends early), 16
// bytes for its place in the eviction order, plus an index entry: about 95
// bytes with AliyunCodePolicy, at most 112 once collected and 144 at the
// peak of growth (measured in BENCHMARKS.md). Keys are hashed to 64 bits
// with a per-store random seed (hash/maphash) and never stored; two keys
// that collide, about once in 10^7 stores of a million keys each, share one
// budget.
//
// A key whose last send is older than the policy's longest window is back
// to full and is forgotten: stores sweep for them at most once a minute.
//
// MaxKeys is a hard cap, and a full store still takes new keys: it first
// evicts a key that restricts nothing now (every window of the policy would
// allow its next send), least recently sent first. Forgetting such a key
// only forgets sends that no longer stop anything; if the same key comes
// back, its windows start again from zero. A key that is at one of its
// limits is never evicted: a victim whose number an attacker has used up
// stays limited however many other numbers the attacker sends to. Only
// while every tracked key is still restricting does Take fail, with
// ErrStoreFull and the time until the first of them stops. An attacker
// must therefore keep MaxKeys numbers restricted at once (with
// AliyunCodePolicy, MaxKeys new numbers a minute) to refuse new
// recipients; DestinationLimit stops that without per-number memory. The
// cap and the eviction apply per shard: the store is split into 64 shards
// by key hash, each holding a 64th of MaxKeys.
//
// Why not a rate.Limiter per window per key: a token bucket refills
// continuously, so "10 per day" would let about 20 through in some 24-hour
// period, and three limiters per key cost about 300 bytes. A log of the last
// Limit send times gives the exact answer, "at most Limit in any period Per",
// and when the next send is allowed, in a quarter of the memory.
//
// MemoryStore is safe for concurrent use.
type MemoryStore struct {
	windows  []compiledWindow
	width    int
	longest  int64 // nanoseconds
	shardCap int
	seed     maphash.Seed
	epoch    atomic.Int64 // unix nanoseconds of stamp 0, set by the first Take
	shards   [storeShards]storeShard
}

type compiledWindow struct {
	limit int
	per   int64 // nanoseconds
}

const (
	storeShards = 64
	pageSlots   = 256                      // keys per page of send times
	sweepEvery  = int64(time.Minute)       // least time between routine sweeps of a shard
	stampUnit   = int64(time.Second)       // resolution of stored send times
	neverNs     = int64(math.MaxInt64 / 2) // "no key can be forgotten"
)

// NewMemoryStore returns a MemoryStore configured by opts, or an error
// wrapping sms.ErrInvalidOptions when opts are not valid (see Validate).
func NewMemoryStore(opts MemoryStoreOptions) (*MemoryStore, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	policy := opts.Policy
	if policy == nil {
		policy = AliyunCodePolicy()
	}
	maxKeys := opts.MaxKeys
	if maxKeys <= 0 {
		maxKeys = DefaultMaxKeys
	}
	s := &MemoryStore{
		width:    policy.width(),
		longest:  int64(policy.longest()),
		shardCap: max(1, (maxKeys+storeShards-1)/storeShards),
		seed:     maphash.MakeSeed(),
	}
	for _, w := range policy {
		s.windows = append(s.windows, compiledWindow{limit: w.Limit, per: int64(w.Per)})
	}
	for i := range s.shards {
		s.shards[i].index = make(map[uint64]uint32)
		s.shards[i].nextFree = neverNs
		s.shards[i].lastSweep = -neverNs
		s.shards[i].tail, s.shards[i].head = noSlot, noSlot
	}
	return s, nil
}

// Take implements Store.
func (s *MemoryStore) Take(_ context.Context, key string, now time.Time) (bool, time.Duration, error) {
	h := maphash.String(s.seed, key)
	nowNs := s.sinceEpoch(now)
	stamp := toStamp(nowNs)
	sh := &s.shards[h%storeShards]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if slot, ok := sh.index[h]; ok {
		ring := sh.ring(slot, s.width)
		if wait := s.blockedFor(ring, nowNs); wait > 0 {
			return false, time.Duration(wait), nil
		}
		insertStamp(ring, stamp)
		return true, 0, nil
	}
	if len(sh.index) >= s.shardCap {
		if wait, ok := sh.evict(s, nowNs); !ok {
			return false, time.Duration(max(wait, 1)), ErrStoreFull
		}
	} else if nowNs >= sh.nextFree && nowNs-sh.lastSweep >= sweepEvery {
		sh.sweep(s, nowNs)
	}
	slot := sh.alloc(s.width)
	sh.ring(slot, s.width)[0] = stamp
	sh.add(h, slot, stamp)
	sh.nextFree = min(sh.nextFree, forgetAt(stamp, s.longest))
	return true, 0, nil
}

// Refund implements Store.
func (s *MemoryStore) Refund(_ context.Context, key string, at time.Time) error {
	h := maphash.String(s.seed, key)
	stamp := toStamp(s.sinceEpoch(at))
	sh := &s.shards[h%storeShards]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	slot, ok := sh.index[h]
	if !ok {
		return nil
	}
	ring := sh.ring(slot, s.width)
	removeStamp(ring, stamp)
	if ring[0] == 0 {
		sh.nextFree = min(sh.nextFree, 0)
	}
	sh.evictAfter = 0 // the key may restrict nothing now
	return nil
}

// Len returns the number of keys the store tracks.
func (s *MemoryStore) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += len(sh.index)
		sh.mu.Unlock()
	}
	return n
}

// sinceEpoch returns now as nanoseconds since the store's epoch, which is
// one second before the first time the store saw.
func (s *MemoryStore) sinceEpoch(now time.Time) int64 {
	n := now.UnixNano()
	epoch := s.epoch.Load()
	if epoch == 0 {
		s.epoch.CompareAndSwap(0, n-stampUnit)
		epoch = s.epoch.Load()
	}
	return n - epoch
}

// blockedFor returns how long, in nanoseconds, until every window allows one
// more send; zero or less means now.
func (s *MemoryStore) blockedFor(ring []uint32, nowNs int64) int64 {
	var wait int64
	for _, w := range s.windows {
		if t := ring[w.limit-1]; t != 0 {
			wait = max(wait, int64(t)*stampUnit+w.per-nowNs)
		}
	}
	return wait
}

// toStamp rounds nanoseconds since the epoch up to whole stamp units, at
// least 1 (0 marks an empty entry).
func toStamp(ns int64) uint32 {
	units := (ns + stampUnit - 1) / stampUnit
	return uint32(min(max(units, 1), math.MaxUint32))
}

// forgetAt is when a key whose newest send is stamp is back to full.
func forgetAt(stamp uint32, longest int64) int64 {
	if stamp == 0 {
		return 0
	}
	return int64(stamp)*stampUnit + longest
}

// insertStamp adds stamp to ring, which is sorted newest first, dropping the
// oldest entry.
func insertStamp(ring []uint32, stamp uint32) {
	i := 0
	for i < len(ring) && ring[i] > stamp {
		i++
	}
	if i == len(ring) {
		return
	}
	copy(ring[i+1:], ring[i:len(ring)-1])
	ring[i] = stamp
}

// removeStamp removes one entry equal to stamp from ring.
func removeStamp(ring []uint32, stamp uint32) {
	for i, t := range ring {
		if t == stamp {
			copy(ring[i:], ring[i+1:])
			ring[len(ring)-1] = 0
			return
		}
	}
}
