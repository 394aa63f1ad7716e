package senderkit

import (
	"sync"
	"sync/atomic"
)

// seqBlock is how many sequence numbers a Blocks reserves at a time.
const seqBlock = 64

// Blocks hands out unique sequence numbers (from 1) without a write to
// memory shared by every goroutine on each call: numbers are reserved from
// a shared counter seqBlock at a time, into blocks kept per P by a
// sync.Pool, so two goroutines sending at once touch the shared counter
// once in seqBlock calls instead of on every call.
//
// The numbers are unique, but neither dense nor in call order: a goroutine
// that moves to another P, or a collection that empties the pool, skips to
// another block, and the rest of the old one is never used. Use it only
// where unique ids are all that is promised (dryrun), not where ids are
// promised to be deterministic (fake: one atomic counter).
//
// The zero value is ready to use; a Blocks must not be copied after use.
type Blocks struct {
	next atomic.Uint64 // the last number reserved
	pool sync.Pool     // of *block
}

// block is a reserved range of numbers: next up to, not including, end.
type block struct{ next, end uint64 }

// Next returns a number no other call of b's Next returns.
func (b *Blocks) Next() uint64 {
	k, _ := b.pool.Get().(*block)
	if k == nil {
		k = new(block)
	}
	if k.next == k.end {
		end := b.next.Add(seqBlock)
		k.next, k.end = end-seqBlock+1, end+1
	}
	n := k.next
	k.next++
	b.pool.Put(k)
	return n
}
