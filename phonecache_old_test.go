package sms

import (
	"hash/maphash"
	"sync"
)

// clearingPhoneCache is the cache ParsePhone had before the scan-resistant
// one, kept for comparison in tests and benchmarks: 16 shards of 1,024
// numbers, a shard that fills up is emptied, so a flood of new numbers
// takes every number in steady use with it.
type clearingPhoneCache struct {
	seed   maphash.Seed
	miss   func(raw, region string) (Phone, error)
	shards [16]struct {
		mu sync.RWMutex
		m  map[phoneCacheKey]Phone
	}
}

func newClearingPhoneCache(miss func(raw, region string) (Phone, error)) *clearingPhoneCache {
	c := &clearingPhoneCache{seed: maphash.MakeSeed(), miss: miss}
	for i := range c.shards {
		c.shards[i].m = make(map[phoneCacheKey]Phone, 1024)
	}
	return c
}

func (c *clearingPhoneCache) parse(raw, region string) (Phone, error) {
	k := phoneCacheKey{raw, region}
	sh := &c.shards[maphash.String(c.seed, raw)%16]
	sh.mu.RLock()
	p, ok := sh.m[k]
	sh.mu.RUnlock()
	if ok {
		return p, nil
	}
	p, err := c.miss(raw, region)
	if err != nil {
		return p, err
	}
	sh.mu.Lock()
	if len(sh.m) >= 1024 {
		clear(sh.m)
	}
	sh.m[k] = p
	sh.mu.Unlock()
	return p, nil
}
