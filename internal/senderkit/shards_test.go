package senderkit

import (
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShardsCount: one shard per P, each knowing its place.
func TestShardsCount(t *testing.T) {
	s := NewShards[int]()
	require.Equal(t, runtime.GOMAXPROCS(0), s.Len())
	for i := range s.Len() {
		assert.Equal(t, i, s.At(i).Index())
	}
}

// TestShardsLockTakesTheFreeShardUsedLongestAgo: a send that finds no
// shard of its own takes the free one given back longest ago (a shard in
// use on another P is given back recently on every send), and never one
// locked by another send.
func TestShardsLockTakesTheFreeShardUsedLongestAgo(t *testing.T) {
	for _, tt := range []struct {
		name   string
		last   []uint64
		locked []int
		want   int
	}{
		{"all unused", []uint64{0, 0, 0}, nil, 0},
		{"oldest", []uint64{30, 10, 20}, nil, 1},
		{"oldest is locked", []uint64{30, 10, 20}, []int{1}, 2},
		{"only one free", []uint64{30, 10, 20}, []int{0, 1}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := &Shards[int]{all: make([]Shard[int], len(tt.last))}
			for i, last := range tt.last {
				s.all[i].index, s.all[i].last = i, last
			}
			for _, i := range tt.locked {
				s.all[i].Lock()
			}
			got := s.Lock() // the pool is empty: a new Shards
			assert.Equal(t, tt.want, got.Index())
			assert.False(t, got.TryLock(), "Lock returns the shard locked")
			for i := range s.all {
				if i != tt.want && !slices.Contains(tt.locked, i) {
					require.True(t, s.all[i].TryLock(), "shard %d left unlocked", i)
					s.all[i].Unlock()
				}
			}
		})
	}
}

// TestShardsLockWhenAllAreBusy: with every shard locked, Lock waits for
// one rather than failing.
func TestShardsLockWhenAllAreBusy(t *testing.T) {
	s := &Shards[int]{all: make([]Shard[int], 2)}
	for i := range s.all {
		s.all[i].index = i
		s.all[i].Lock()
	}
	got := make(chan *Shard[int])
	go func() { got <- s.Lock() }()
	s.all[1].Unlock()
	s.all[0].Unlock()
	sh := <-got
	assert.False(t, sh.TryLock())
	s.Unlock(sh, 1)
}

// TestShardsConcurrentUse: sends from many goroutines each count in the
// shard they hold while a reader sums every shard at one moment; nothing is
// lost or counted twice. Run it with -race.
func TestShardsConcurrentUse(t *testing.T) {
	s := NewShards[int]()
	const goroutines, each = 16, 2000
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for i := range each {
				sh := s.Lock()
				sh.Value++
				s.Unlock(sh, uint64(i))
				if i%500 == 0 {
					runtime.GC() // empties the pools: Ps take shards anew
				}
			}
		})
	}
	wg.Go(func() {
		for range 100 {
			sum := 0
			for _, v := range s.LockAll() {
				sum += *v
			}
			s.UnlockAll()
			assert.LessOrEqual(t, sum, goroutines*each)
		}
	})
	wg.Wait()
	sum := 0
	for _, v := range s.LockAll() {
		sum += *v
	}
	s.UnlockAll()
	assert.Equal(t, goroutines*each, sum)
}

// BenchmarkShards measures a send's Lock and Unlock of its shard alone,
// from one goroutine and from every P at once.
func BenchmarkShards(b *testing.B) {
	b.Run("serial", func(b *testing.B) {
		s := NewShards[int]()
		for b.Loop() {
			sh := s.Lock()
			sh.Value++
			s.Unlock(sh, 0)
		}
	})
	b.Run("parallel", func(b *testing.B) {
		s := NewShards[int]()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				sh := s.Lock()
				sh.Value++
				s.Unlock(sh, 0)
			}
		})
	})
}
