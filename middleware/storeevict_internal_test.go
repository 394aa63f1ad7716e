package middleware

import (
	"context"
	"errors"
	"hash/maphash"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keysInShard returns n keys that s puts in shard i.
func keysInShard(s *MemoryStore, i uint64, n int) []string {
	var keys []string
	for k := 0; len(keys) < n; k++ {
		key := "key-" + strconv.Itoa(k)
		if maphash.String(s.seed, key)%storeShards == i {
			keys = append(keys, key)
		}
	}
	return keys
}

// tracked reports whether s tracks key.
func tracked(s *MemoryStore, key string) bool {
	h := maphash.String(s.seed, key)
	sh := &s.shards[h%storeShards]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	_, ok := sh.index[h]
	return ok
}

// TestMemoryStoreEvictsLeastRecentlySentFirst fills one shard (three keys)
// and checks which key a new one replaces: the least recently sent of
// those that restrict nothing now, never one that does.
func TestMemoryStoreEvictsLeastRecentlySentFirst(t *testing.T) {
	ctx := context.Background()
	s, err := NewMemoryStore(MemoryStoreOptions{Policy: Policy{{Limit: 1, Per: time.Minute}, {Limit: 2, Per: time.Hour}}, MaxKeys: 3 * storeShards})
	require.NoError(t, err)
	k := keysInShard(s, 7, 8)
	a, b, c, d, e, f, g, h := k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	take := func(key string, at time.Duration) (bool, time.Duration, error) {
		return s.Take(ctx, key, t0.Add(at))
	}
	for i, key := range []string{a, b, c} {
		ok, _, err := take(key, time.Duration(i)*time.Second)
		require.NoError(t, err)
		require.True(t, ok)
	}
	// At 2 minutes none restricts: d replaces a, the least recently sent.
	ok, _, err := take(d, 2*time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	assert.False(t, tracked(s, a), "a, least recently sent, should be evicted")
	assert.True(t, tracked(s, b) && tracked(s, c) && tracked(s, d))

	// b sends again: now c is the least recently sent, and e replaces it.
	ok, _, _ = take(b, 3*time.Minute)
	require.True(t, ok)
	ok, _, err = take(e, 3*time.Minute+time.Second)
	require.NoError(t, err)
	require.True(t, ok)
	assert.False(t, tracked(s, c), "c is now the least recently sent")
	assert.True(t, tracked(s, b) && tracked(s, d) && tracked(s, e))

	// At 3m30s b is at its hourly limit (2 sends), e restricts for its
	// minute, d (sent at 2m) restricts nothing: f replaces d.
	ok, _, err = take(f, 3*time.Minute+30*time.Second)
	require.NoError(t, err)
	require.True(t, ok)
	assert.False(t, tracked(s, d), "d, the only key that restricts nothing, should be evicted")

	// At 3m40s every key restricts: g is refused until the first of them
	// stops, e (sent at 3m1s) at 4m1s.
	ok, wait, err := take(g, 3*time.Minute+40*time.Second)
	require.ErrorIs(t, err, ErrStoreFull)
	require.False(t, ok)
	assert.Equal(t, 21*time.Second, wait)

	// At 5m e and f restrict nothing, b is still at its hour limit: g and h
	// replace e and f, passing over b, which stays limited.
	for _, key := range []string{g, h} {
		ok, _, err = take(key, 5*time.Minute)
		require.NoError(t, err)
		require.True(t, ok)
	}
	assert.True(t, tracked(s, b), "b is at its limit and must never be evicted")
	assert.False(t, tracked(s, e) || tracked(s, f))
	ok, wait, err = take(b, 5*time.Minute)
	require.NoError(t, err)
	assert.False(t, ok, "b stays limited")
	assert.Equal(t, 55*time.Minute+time.Second, wait, "b's first send of the hour, at 1s, leaves at 60m1s")
}

// TestMemoryStoreRefusesOnlyWhenEveryKeyRestricts floods small stores with
// keys at random times, some coming back, most new, and at every
// ErrStoreFull checks the shard: every key it tracks must still be
// restricting.
func TestMemoryStoreRefusesOnlyWhenEveryKeyRestricts(t *testing.T) {
	tests := []struct {
		perShard, keySpace int
		maxGap             time.Duration
	}{
		{perShard: 2, keySpace: 300, maxGap: 2 * time.Second},
		{perShard: 4, keySpace: 2000, maxGap: 2 * time.Second},
		{perShard: 4, keySpace: 600, maxGap: 500 * time.Millisecond},
		{perShard: 16, keySpace: 3000, maxGap: 200 * time.Millisecond},
	}
	for _, tt := range tests {
		for seed := range uint64(3) {
			t.Run(strconv.Itoa(tt.perShard)+"/"+strconv.Itoa(tt.keySpace)+"/"+strconv.FormatUint(seed, 10), func(t *testing.T) {
				checkRefusals(t, tt.perShard, tt.keySpace, tt.maxGap, seed)
			})
		}
	}
}

func checkRefusals(t *testing.T, perShard, keySpace int, maxGap time.Duration, seed uint64) {
	ctx := context.Background()
	s, err := NewMemoryStore(MemoryStoreOptions{Policy: AliyunCodePolicy(), MaxKeys: perShard * storeShards})
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(seed, 4))
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	refusals, evictions := 0, 0
	for i := range 20_000 {
		now = now.Add(time.Duration(rng.Int64N(int64(maxGap))))
		key := "n" + strconv.Itoa(rng.IntN(keySpace))
		before := s.Len()
		ok, wait, err := s.Take(ctx, key, now)
		switch {
		case errors.Is(err, ErrStoreFull):
			refusals++
			require.Positive(t, wait)
			h := maphash.String(s.seed, key)
			sh := &s.shards[h%storeShards]
			nowNs := s.sinceEpoch(now)
			sh.mu.Lock()
			for _, slot := range sh.index {
				require.Positive(t, s.blockedFor(sh.ring(slot, s.width), nowNs), "send %d refused while a key restricts nothing", i)
			}
			require.Len(t, sh.index, s.shardCap)
			sh.mu.Unlock()
		case err != nil:
			t.Fatal(err)
		case ok && s.Len() == before && !tracked(s, key):
			t.Fatalf("send %d taken but its key is not tracked", i)
		case ok && s.Len() == before:
			evictions++
		}
	}
	assert.Positive(t, refusals, "the flood never filled a shard: the test proves nothing")
	assert.Positive(t, evictions, "no key was evicted: the test proves nothing")
	assert.LessOrEqual(t, s.Len(), perShard*storeShards)
}

// TestMemoryStoreCompactKeepsEvictionOrder checks that compaction moves
// keys to new slots in their eviction order.
func TestMemoryStoreCompactKeepsEvictionOrder(t *testing.T) {
	ctx := context.Background()
	s, err := NewMemoryStore(MemoryStoreOptions{Policy: Policy{{Limit: 1, Per: time.Minute}}})
	require.NoError(t, err)
	keys := keysInShard(s, 3, 5*pageSlots)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, k := range keys {
		_, _, err := s.Take(ctx, k, t0)
		require.NoError(t, err)
	}
	survivors := keys[:3]
	for i, k := range survivors { // sent again later, in this order
		ok, _, _ := s.Take(ctx, k, t0.Add(90*time.Second+time.Duration(i)*time.Second))
		require.True(t, ok)
	}
	sh := &s.shards[3]
	sh.mu.Lock()
	sh.sweep(s, s.sinceEpoch(t0.Add(2*time.Minute)))
	var order []uint64
	for slot := sh.tail; slot != noSlot; slot = sh.meta(slot).newer {
		order = append(order, sh.meta(slot).hash)
	}
	slots := sh.slots
	sh.mu.Unlock()
	require.Equal(t, uint32(3), slots, "the sweep should have compacted the shard")
	want := []uint64{maphash.String(s.seed, survivors[0]), maphash.String(s.seed, survivors[1]), maphash.String(s.seed, survivors[2])}
	assert.Equal(t, want, order, "least recently sent first")
}
