package sms

import (
	"fmt"
	"hash/maphash"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingMiss stands in for libphonenumber in cache tests: it accepts
// every number and counts how often each was parsed.
type countingMiss struct {
	mu     sync.Mutex
	parses map[string]int
}

func (m *countingMiss) parse(raw, region string) (Phone, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.parses == nil {
		m.parses = map[string]int{}
	}
	m.parses[raw]++
	return Phone{CountryCode: 1, National: raw[2:], Region: region}, nil
}

func (m *countingMiss) count(raw string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.parses[raw]
}

// lookup is get without a parse.
func (c *phoneCache) lookup(k phoneCacheKey) (Phone, bool) {
	return c.get(k, maphash.Comparable(c.seed, k))
}

func TestPhoneCacheBounded(t *testing.T) {
	c := newPhoneCache()
	var m countingMiss
	c.miss = m.parse
	for i := range 100_000 {
		raw := fmt.Sprintf("+1202%07d", i)
		_, _ = c.parse(raw, "US")
		if i >= 10_000 { // and again later: admitted to frequent
			_, _ = c.parse(fmt.Sprintf("+1202%07d", i-10_000), "US")
		}
	}
	assert.LessOrEqual(t, c.len(), phoneCacheShards*(phoneCacheRecent+phoneCacheFrequent))
	assert.Greater(t, c.len(), phoneCacheShards*phoneCacheFrequent/2, "frequent filled up")
	for i := range c.shards {
		sh := &c.shards[i]
		assert.LessOrEqual(t, len(sh.ghosts), phoneCacheGhosts)
		assert.LessOrEqual(t, len(sh.ghostRing), phoneCacheGhosts)
		assert.Len(t, sh.index, len(sh.recent)+len(sh.frequent), "the index locates every entry, and only those")
		for h, i := range sh.index {
			if i >= 0 {
				require.Equal(t, h, sh.recent[i].hash)
			} else {
				require.Equal(t, h, sh.frequent[-1-i].hash)
			}
		}
	}
}

// floodWithHotNumbers parses, through parse, floodSize new numbers three
// times each (the layers of one send), 100 hot numbers among them (each
// every 10,000 new numbers), and every tenth new number once more 5,000
// numbers later (a user asking for a second code), so that numbers keep
// being admitted to frequent. It reports the most parses of one hot number.
func floodWithHotNumbers(parse func(raw, region string) (Phone, error), m *countingMiss) int {
	hot := make([]string, 100)
	for i := range hot {
		hot[i] = "+1415555" + strconv.Itoa(10_000 + i)[1:]
	}
	fresh := func(i int) string { return "+1202" + strconv.Itoa(10_000_000+i) }
	for i := range floodSize {
		raw := fresh(i)
		for range 3 {
			_, _ = parse(raw, "US")
		}
		if i%100 == 0 {
			for range 3 {
				_, _ = parse(hot[(i/100)%len(hot)], "US")
			}
		}
		if i%10 == 5 && i > 5000 {
			_, _ = parse(fresh(i-5000), "US")
		}
	}
	most := 0
	for _, h := range hot {
		most = max(most, m.count(h))
	}
	return most
}

func TestPhoneCacheKeepsHotNumbersThroughFlood(t *testing.T) {
	var m countingMiss
	c := newPhoneCache()
	c.miss = m.parse
	assert.LessOrEqual(t, floodWithHotNumbers(c.parse, &m), 2,
		"a hot number is parsed when first seen and when seen again after leaving recent, then stays")
	assert.Equal(t, 1, m.count("+120210000000"), "a new number's layers share one parse")

	var old countingMiss
	assert.Greater(t, floodWithHotNumbers(newClearingPhoneCache(old.parse).parse, &old), floodSize/40_000,
		"the flood empties the old cache again and again")
}

func TestPhoneCacheConcurrent(t *testing.T) {
	var m countingMiss
	c := newPhoneCache()
	c.miss = m.parse
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 20_000 {
				raw := fmt.Sprintf("+1202%07d", (i*7+g*13)%6000)
				p, err := c.parse(raw, "US")
				if !assert.NoError(t, err) || !assert.Equal(t, raw[2:], p.National) {
					return
				}
			}
		})
	}
	wg.Wait()
	assert.LessOrEqual(t, c.len(), phoneCacheShards*(phoneCacheRecent+phoneCacheFrequent))
}

func TestParsePhoneCachesOnlyValidNumbers(t *testing.T) {
	c := newPhoneCache()
	raw := "+44 20 7946 0958"
	key := phoneCacheKey{raw, "CN"}
	_, ok := c.lookup(key)
	require.False(t, ok)

	p, err := c.parse(raw, "")
	require.NoError(t, err)
	cached, ok := c.lookup(key)
	require.True(t, ok, "a valid number is remembered under its default region")
	assert.Equal(t, p, cached)

	_, err = c.parse("+44 20 7946", "")
	require.Error(t, err)
	_, ok = c.lookup(phoneCacheKey{"+44 20 7946", "CN"})
	assert.False(t, ok, "an invalid number is not remembered")
	assert.Equal(t, 1, c.len())
}

func TestPhoneCacheHashCollision(t *testing.T) {
	c := newPhoneCache()
	a, b := phoneCacheKey{"+12025550143", "US"}, phoneCacheKey{"+12025550144", "US"}
	pa := Phone{CountryCode: 1, National: "2025550143", Region: "US"}
	c.put(a, 42, pa)
	_, ok := c.get(b, 42)
	assert.False(t, ok, "another number with the same hash is not taken for it")
	c.put(b, 42, Phone{CountryCode: 1, National: "2025550144", Region: "US"})
	got, ok := c.get(a, 42)
	assert.True(t, ok)
	assert.Equal(t, pa, got, "the first keeps the slot")
}

func TestParsePhoneMainlandMobileSkipsCache(t *testing.T) {
	before := parsedPhones().len()
	for i := range 100 {
		_, err := ParsePhone(fmt.Sprintf("+86139%08d", 77_000_000+i), "")
		require.NoError(t, err)
	}
	assert.Equal(t, before, parsedPhones().len(), "a mainland mobile number is checked, not cached")
}

func TestParsePhoneCacheKeepsRegionsApart(t *testing.T) {
	us, err := ParsePhone("2025550143", "US")
	require.NoError(t, err)
	assert.Equal(t, "+12025550143", us.E164())
	cn, err := ParsePhone("2025550143", "CN")
	require.NoError(t, err)
	assert.Equal(t, "+862025550143", cn.E164(), "the same digits are another number in another region")
}
