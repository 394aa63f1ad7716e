package senderkit

import (
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBlocksAreUnique: numbers from many goroutines, with collections
// emptying the pool now and then, never repeat and are never 0.
func TestBlocksAreUnique(t *testing.T) {
	var b Blocks
	const goroutines, each = 8, 5000
	got := make([][]uint64, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				if g == 0 && i%1000 == 0 {
					runtime.GC()
				}
				got[g] = append(got[g], b.Next())
			}
		})
	}
	wg.Wait()
	seen := map[uint64]bool{}
	for _, ns := range got {
		for _, n := range ns {
			require.NotZero(t, n)
			require.False(t, seen[n], "%d handed out twice", n)
			seen[n] = true
		}
	}
	assert.Len(t, seen, goroutines*each)
}

// TestBlocksSerial: from one goroutine without collections, numbers count
// up from 1 while it stays on one P.
func TestBlocksSerial(t *testing.T) {
	var b Blocks
	first := b.Next()
	assert.NotZero(t, first)
	assert.Equal(t, uint64(1), first%seqBlock, "a block starts at 1 mod %d", seqBlock)
}

func BenchmarkBlocksNext(b *testing.B) {
	var blocks Blocks
	for b.Loop() {
		_ = blocks.Next()
	}
}
