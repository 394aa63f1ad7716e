package senderkit

import (
	"runtime"
	"sync"
)

// Shards spreads what the sends of one sender write over several shards,
// so that sends running on different cores write different memory: a send
// takes a shard and its lock (Lock), in the common case the shard last used
// on its P (the runtime's processor: one per core, GOMAXPROCS in all), fills
// it, and gives it back (Unlock). What one shared list would cost two cores,
// the lock's and the list's cache lines moving from one core to the other
// on every send, is then paid only when two sends meet on one shard.
//
// A P keeps its shard in a sync.Pool, which a garbage collection may empty,
// and two Ps may come to share one (a send that moved to another P between
// Lock and Unlock gives its shard to the new one). A P that finds its pool
// empty, or its shard locked by another send, takes the free shard used
// longest ago: one no other P is using, since a shard in use is given back
// with a recent order key on every send. So two Ps that meet on a shard part
// again at their next meeting.
//
// Shards holds no order across shards: a sender that must say which send
// came first numbers its sends from one counter under the shard's lock, so
// that each shard holds its records in that order, and its readers merge
// the shards by those numbers. (The monotonic clock would spare that one
// shared write, but on some systems it ticks every few milliseconds: two
// sends of one goroutine on two cores would tie.)
type Shards[S any] struct {
	all  []Shard[S]
	pool sync.Pool // of *Shard[S]: the shard each P used last
}

// Shard is one shard: a value guarded by the shard's lock.
type Shard[S any] struct {
	sync.Mutex
	// Value is the shard's data. Hold the lock to read or change it.
	Value S
	// index is the shard's place among its Shards.
	index int
	// last is the order key the shard was last given back with (Unlock);
	// the lock guards it.
	last uint64
	_    CacheLinePad
}

// NewShards returns GOMAXPROCS shards, each holding S's zero value.
func NewShards[S any]() *Shards[S] {
	s := &Shards[S]{all: make([]Shard[S], max(runtime.GOMAXPROCS(0), 1))}
	for i := range s.all {
		s.all[i].index = i
	}
	return s
}

// Lock returns a shard for one send, locked; give it back with Unlock.
func (s *Shards[S]) Lock() *Shard[S] {
	if sh, ok := s.pool.Get().(*Shard[S]); ok && sh.TryLock() {
		return sh
	}
	// This P has no shard, or shares it with a send on another P: take the
	// free shard used longest ago.
	var oldest *Shard[S]
	for i := range s.all {
		sh := &s.all[i]
		if !sh.TryLock() {
			continue
		}
		switch {
		case oldest == nil:
			oldest = sh
		case sh.last < oldest.last:
			oldest.Unlock()
			oldest = sh
		default:
			sh.Unlock()
		}
	}
	if oldest != nil {
		return oldest
	}
	// Every shard is busy: more sends at once than shards (GOMAXPROCS grew
	// since NewShards, or Ps hand off while sends are at it).
	sh := &s.all[0]
	sh.Lock()
	return sh
}

// Unlock unlocks a shard that Lock returned and keeps it for the next send
// on this P; last is the order key of what the send kept in it.
func (s *Shards[S]) Unlock(sh *Shard[S], last uint64) {
	sh.last = last
	sh.Unlock()
	s.pool.Put(sh)
}

// LockAll locks every shard, for a reader or a reset that must see them
// all at one moment (what a send that returned kept, in every shard, and
// nothing of a send that had not begun), and returns their values in shard
// order. Call UnlockAll when done with them.
func (s *Shards[S]) LockAll() []*S {
	out := make([]*S, len(s.all))
	for i := range s.all {
		s.all[i].Lock() // sends hold one shard at most: no order to deadlock
		out[i] = &s.all[i].Value
	}
	return out
}

// UnlockAll unlocks what LockAll locked.
func (s *Shards[S]) UnlockAll() {
	for i := range s.all {
		s.all[i].Unlock()
	}
}

// Len returns how many shards there are.
func (s *Shards[S]) Len() int { return len(s.all) }

// At returns the i-th shard, 0 <= i < Len().
func (s *Shards[S]) At(i int) *Shard[S] { return &s.all[i] }

// Index returns the shard's place among its Shards: At(sh.Index()) == sh.
func (sh *Shard[S]) Index() int { return sh.index }
