package sms

import (
	"hash/maphash"
	"sync"
)

// phoneCache remembers recently parsed valid numbers. Validating a number
// runs dozens of libphonenumber regular expressions, tens of microseconds,
// and one message is parsed by several layers (the recipient limit, a
// router, the provider); the cache makes every parse after the first cost a
// map lookup.
//
// It is process-wide because ParsePhone is a pure function: what it holds
// changes no result, only the time taken. It is bounded, since recipients
// are chosen by whoever sends: a shard that fills up is emptied. Only valid
// numbers are kept, so a flood of invalid input cannot evict them.
type phoneCache struct {
	seed   maphash.Seed
	shards [phoneCacheShards]phoneCacheShard
}

type phoneCacheKey struct{ raw, region string }

type phoneCacheShard struct {
	mu sync.RWMutex
	m  map[phoneCacheKey]Phone
	_  [40]byte // keep shards on separate cache lines
}

const (
	phoneCacheShards   = 16
	phoneCacheShardCap = 1024
)

var parsedPhones = newPhoneCache()

func newPhoneCache() *phoneCache {
	c := &phoneCache{seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[phoneCacheKey]Phone, phoneCacheShardCap)
	}
	return c
}

// parse is ParsePhone through c.
func (c *phoneCache) parse(raw, defaultRegion string) (Phone, error) {
	if defaultRegion == "" {
		defaultRegion = DefaultRegion
	}
	key := phoneCacheKey{raw, defaultRegion}
	if p, ok := c.get(key); ok {
		return p, nil
	}
	p, err := parsePhone(raw, defaultRegion)
	if err == nil {
		c.put(key, p)
	}
	return p, err
}

func (c *phoneCache) shard(k phoneCacheKey) *phoneCacheShard {
	return &c.shards[maphash.String(c.seed, k.raw)%phoneCacheShards]
}

func (c *phoneCache) get(k phoneCacheKey) (Phone, bool) {
	sh := c.shard(k)
	sh.mu.RLock()
	p, ok := sh.m[k]
	sh.mu.RUnlock()
	return p, ok
}

func (c *phoneCache) put(k phoneCacheKey, p Phone) {
	sh := c.shard(k)
	sh.mu.Lock()
	if len(sh.m) >= phoneCacheShardCap {
		clear(sh.m)
	}
	sh.m[k] = p
	sh.mu.Unlock()
}

// len counts the cached numbers.
func (c *phoneCache) len() int {
	n := 0
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.RLock()
		n += len(sh.m)
		sh.mu.RUnlock()
	}
	return n
}
