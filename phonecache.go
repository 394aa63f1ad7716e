package sms

import (
	"hash/maphash"
	"sync"
	"sync/atomic"
)

// phoneCache remembers valid numbers that libphonenumber parsed.
// Validating a number runs dozens of regular expressions, tens of
// microseconds, and one message is parsed by several layers (the recipient
// limit, a router, the provider, the log line); the cache makes every parse
// after the first cost a map lookup. Mainland mobile numbers never reach it:
// checking them is cheaper than a lookup.
//
// It is process-wide because ParsePhone is a pure function: what it holds
// changes no result, only the time taken. It is bounded, since recipients
// are chosen by whoever sends, and scan-resistant, after the 2Q algorithm
// (Johnson and Shasha, 1994): a number seen for the first time goes to a
// small FIFO ("recent"), whose hits serve the layers of one send but promote
// nothing; when it leaves, its hash is remembered ("ghosts"); a number missed
// again while its ghost is remembered has proven to recur and is admitted to
// the main part ("frequent"), where the CLOCK algorithm evicts the entries
// not hit since the hand last passed. A flood of new numbers only cycles
// recent and ghosts: it cannot evict the numbers in steady use. Only valid
// numbers are kept, so invalid input cannot evict anything either.
type phoneCache struct {
	seed maphash.Seed
	// miss parses a number the cache does not hold: parsePhone, or a test's
	// counter.
	miss   func(raw, region string) (Phone, error)
	shards [phoneCacheShards]phoneCacheShard
}

type phoneCacheKey struct{ raw, region string }

// phoneCacheShard is one lock's worth of the cache. Its maps and slices
// grow on demand, so an idle cache costs a few kilobytes. Entries are found
// by the 64-bit hash of their key, and the key is compared on a hit: two
// keys with one hash would only share a slot's worth of caching.
type phoneCacheShard struct {
	mu sync.RWMutex
	// index locates every cached number by hash: i >= 0 is recent[i],
	// i < 0 is frequent[-1-i].
	index map[uint64]int32
	// recent is a ring of at most phoneCacheRecent numbers seen once;
	// recentNext is the slot the next one takes once the ring is full.
	recent     []phoneCacheEntry
	recentNext int
	// ghosts holds the hashes of numbers that left recent, each with its
	// slot in ghostRing, a ring of at most phoneCacheGhosts.
	ghosts    map[uint64]int32
	ghostRing []uint64
	ghostNext int
	// frequent holds at most phoneCacheFrequent numbers that recurred;
	// hand is the CLOCK hand.
	frequent []phoneCacheEntry
	hand     int
}

type phoneCacheEntry struct {
	key   phoneCacheKey
	phone Phone
	hash  uint64
	// used is the CLOCK reference bit of a frequent entry, set by hits
	// under the read lock.
	used atomic.Bool
}

const (
	phoneCacheShards   = 16
	phoneCacheRecent   = 256  // per shard
	phoneCacheGhosts   = 1024 // per shard
	phoneCacheFrequent = 1024 // per shard
)

// parsedPhones is ParsePhone's cache, made on first use so that importing
// the package allocates nothing.
var parsedPhones = sync.OnceValue(newPhoneCache)

func newPhoneCache() *phoneCache {
	return &phoneCache{seed: maphash.MakeSeed(), miss: parsePhone}
}

// parse is ParsePhone through c.
func (c *phoneCache) parse(raw, defaultRegion string) (Phone, error) {
	if defaultRegion == "" {
		defaultRegion = DefaultRegion
	}
	key := phoneCacheKey{raw, defaultRegion}
	h := maphash.Comparable(c.seed, key)
	if p, ok := c.get(key, h); ok {
		return p, nil
	}
	p, err := c.miss(raw, defaultRegion)
	if err == nil {
		c.put(key, h, p)
	}
	return p, err
}

func (c *phoneCache) shard(h uint64) *phoneCacheShard {
	return &c.shards[h%phoneCacheShards]
}

// get looks k, whose hash is h, up.
func (c *phoneCache) get(k phoneCacheKey, h uint64) (Phone, bool) {
	sh := c.shard(h)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	i, ok := sh.index[h]
	if !ok {
		return Phone{}, false
	}
	if i >= 0 {
		e := &sh.recent[i]
		return e.phone, e.key == k
	}
	e := &sh.frequent[-1-i]
	if e.key != k {
		return Phone{}, false
	}
	if !e.used.Load() {
		e.used.Store(true)
	}
	return e.phone, true
}

// put remembers k, a number that missed: in frequent if it missed before
// within the ghosts' memory, else in recent.
func (c *phoneCache) put(k phoneCacheKey, h uint64, p Phone) {
	sh := c.shard(h)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, ok := sh.index[h]; ok {
		return // another goroutine missed it at the same time (or a collision)
	}
	if sh.index == nil {
		sh.index = make(map[uint64]int32)
		sh.ghosts = make(map[uint64]int32)
	}
	if _, ok := sh.ghosts[h]; ok {
		delete(sh.ghosts, h)
		sh.admitFrequent(k, h, p)
		return
	}
	sh.admitRecent(k, h, p)
}

func (sh *phoneCacheShard) admitRecent(k phoneCacheKey, h uint64, p Phone) {
	if len(sh.recent) < phoneCacheRecent {
		sh.index[h] = int32(len(sh.recent))
		sh.recent = append(sh.recent, phoneCacheEntry{key: k, phone: p, hash: h})
		return
	}
	i := sh.recentNext
	sh.recentNext = (i + 1) % phoneCacheRecent
	old := &sh.recent[i]
	delete(sh.index, old.hash)
	sh.remember(old.hash)
	old.key, old.phone, old.hash = k, p, h
	sh.index[h] = int32(i)
}

// remember keeps h, the hash of a number leaving recent, among the ghosts.
func (sh *phoneCacheShard) remember(h uint64) {
	if len(sh.ghostRing) < phoneCacheGhosts {
		sh.ghosts[h] = int32(len(sh.ghostRing))
		sh.ghostRing = append(sh.ghostRing, h)
		return
	}
	i := sh.ghostNext
	sh.ghostNext = (i + 1) % phoneCacheGhosts
	if evicted := sh.ghostRing[i]; sh.ghosts[evicted] == int32(i) {
		delete(sh.ghosts, evicted)
	}
	sh.ghostRing[i] = h
	sh.ghosts[h] = int32(i)
}

func (sh *phoneCacheShard) admitFrequent(k phoneCacheKey, h uint64, p Phone) {
	if len(sh.frequent) < phoneCacheFrequent {
		sh.index[h] = -1 - int32(len(sh.frequent))
		sh.frequent = append(sh.frequent, phoneCacheEntry{key: k, phone: p, hash: h})
		return
	}
	for sh.frequent[sh.hand].used.Load() {
		sh.frequent[sh.hand].used.Store(false)
		sh.hand = (sh.hand + 1) % phoneCacheFrequent
	}
	e := &sh.frequent[sh.hand]
	delete(sh.index, e.hash)
	e.key, e.phone, e.hash = k, p, h
	sh.index[h] = -1 - int32(sh.hand)
	sh.hand = (sh.hand + 1) % phoneCacheFrequent
}

// len counts the cached numbers.
func (c *phoneCache) len() int {
	n := 0
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.RLock()
		n += len(sh.index)
		sh.mu.RUnlock()
	}
	return n
}
