package middleware

import (
	"math"
	"sync"
)

// storeShard is one of MemoryStore's independently locked parts. Send times
// live in pages of pageSlots keys each, so that growing never copies them
// and leaves at most one page partly unused.
//
// Every tracked key is also on a list in the order keys were placed on it,
// oldest (tail) to newest (head), which orders eviction. A send to a key
// already tracked does not touch the list, so the common case costs
// nothing: eviction gives a key found at the tail that was sent since it
// was placed a second chance at the head instead (its place in time), so
// the key it evicts is the least recently sent of all.
type storeShard struct {
	mu         sync.Mutex
	index      map[uint64]uint32 // key hash → slot
	pages      [][]uint32        // slot's send times: pages[slot/pageSlots][(slot%pageSlots)*width:][:width]
	metas      [][]slotMeta      // slot's hash and list link: metas[slot/pageSlots][slot%pageSlots]
	slots      uint32            // slots handed out
	free       []uint32          // slots of forgotten keys, for reuse
	tail, head uint32            // the list's oldest and newest slot; noSlot when empty
	nextFree   int64             // no key can be forgotten before this (since epoch)
	lastSweep  int64
	evictAfter int64    // when full: no key stops restricting before this (since epoch)
	_          [64]byte // keeps neighbouring shards' locks off one cache line
}

// slotMeta is what a slot needs besides its send times: its key's hash, to
// remove it from the index when it is evicted, and its place on the list.
type slotMeta struct {
	hash   uint64
	newer  uint32 // the next slot towards the head; noSlot at the head
	placed uint32 // the send time (stamp) the key was placed on the list at
}

// noSlot ends the list.
const noSlot = math.MaxUint32

// ring returns slot's send times, newest first, 0 for none.
func (sh *storeShard) ring(slot uint32, width int) []uint32 {
	off := int(slot%pageSlots) * width
	return sh.pages[slot/pageSlots][off : off+width : off+width]
}

// meta returns slot's hash and list link.
func (sh *storeShard) meta(slot uint32) *slotMeta {
	return &sh.metas[slot/pageSlots][slot%pageSlots]
}

// alloc returns an empty slot.
func (sh *storeShard) alloc(width int) uint32 {
	if n := len(sh.free); n > 0 {
		slot := sh.free[n-1]
		sh.free = sh.free[:n-1]
		return slot
	}
	if sh.slots%pageSlots == 0 {
		sh.pages = append(sh.pages, make([]uint32, pageSlots*width))
		sh.metas = append(sh.metas, make([]slotMeta, pageSlots))
	}
	sh.slots++
	return sh.slots - 1
}

// add tracks a new key, first sent at stamp, in an empty slot.
func (sh *storeShard) add(h uint64, slot uint32, stamp uint32) {
	sh.index[h] = slot
	m := sh.meta(slot)
	m.hash, m.placed = h, stamp
	sh.pushHead(slot)
}

// pushHead puts slot on the list as the newest.
func (sh *storeShard) pushHead(slot uint32) {
	sh.meta(slot).newer = noSlot
	if sh.head != noSlot {
		sh.meta(sh.head).newer = slot
	} else {
		sh.tail = slot
	}
	sh.head = slot
}

// popTail takes the oldest slot off the list; the list is not empty.
func (sh *storeShard) popTail() uint32 {
	slot := sh.tail
	sh.tail = sh.meta(slot).newer
	if sh.tail == noSlot {
		sh.head = noSlot
	}
	return slot
}

// drop stops tracking the key of slot, which is off the list, and frees the
// slot.
func (sh *storeShard) drop(slot uint32, width int) {
	delete(sh.index, sh.meta(slot).hash)
	clear(sh.ring(slot, width))
	sh.free = append(sh.free, slot)
}

// evict makes room in a full shard: it forgets the least recently sent key
// that restricts nothing at nowNs (every window of the policy would allow
// its next send). Keys it passes over, still restricting, go to the head,
// so that the next eviction looks at the others first and each key is
// looked at once per round. When every key restricts, it returns false and
// how long until the first of them stops; until then a full shard refuses
// new keys without looking again (a Refund, which may free a key early,
// ends that wait).
func (sh *storeShard) evict(s *MemoryStore, nowNs int64) (wait int64, ok bool) {
	if nowNs < sh.evictAfter {
		return sh.evictAfter - nowNs, false
	}
	soonest := neverNs
	// The first pass moves each key sent since its placing to its place in
	// time, unchecked; a second pass, needed only then, checks those.
	n := len(sh.index)
	for pass := 0; pass < 2; pass++ {
		moved := 0
		for range n {
			slot := sh.popTail()
			m, ring := sh.meta(slot), sh.ring(slot, s.width)
			if ring[0] > m.placed { // sent since it was placed: not the oldest
				m.placed = ring[0]
				sh.pushHead(slot)
				moved++
				continue
			}
			w := s.blockedFor(ring, nowNs)
			if w <= 0 {
				sh.drop(slot, s.width)
				return 0, true
			}
			soonest = min(soonest, w)
			sh.pushHead(slot)
		}
		if moved == 0 {
			break
		}
	}
	sh.evictAfter = nowNs + soonest
	return soonest, false
}

// sweep forgets every key that is back to full at nowNs, and compacts the
// shard when most of its slots are free.
func (sh *storeShard) sweep(s *MemoryStore, nowNs int64) {
	sh.lastSweep = nowNs
	sh.nextFree = neverNs
	slot := sh.tail
	sh.tail, sh.head = noSlot, noSlot
	for slot != noSlot {
		next := sh.meta(slot).newer
		if at := forgetAt(sh.ring(slot, s.width)[0], s.longest); at <= nowNs {
			sh.drop(slot, s.width)
		} else {
			sh.nextFree = min(sh.nextFree, at)
			sh.pushHead(slot)
		}
		slot = next
	}
	if sh.slots > 4*pageSlots && len(sh.index) < int(sh.slots)/4 {
		sh.compact(s.width)
	}
}

// compact moves the live keys into fresh pages and a fresh index, in their
// list order: Go maps never shrink, so this is how memory taken in a spike
// is given back.
func (sh *storeShard) compact(width int) {
	oldPages, oldMetas, oldTail := sh.pages, sh.metas, sh.tail
	sh.index = make(map[uint64]uint32, len(sh.index))
	sh.pages, sh.metas = nil, nil
	sh.slots, sh.free = 0, nil
	sh.tail, sh.head = noSlot, noSlot
	for slot := oldTail; slot != noSlot; {
		old := oldMetas[slot/pageSlots][slot%pageSlots]
		n := sh.alloc(width)
		off := int(slot%pageSlots) * width
		copy(sh.ring(n, width), oldPages[slot/pageSlots][off:off+width])
		sh.add(old.hash, n, old.placed)
		slot = old.newer
	}
}
