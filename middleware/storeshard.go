package middleware

import (
	"math"
	"sync"
)

// storeShard is one of MemoryStore's independently locked parts. Send times
// live in pages of pageSlots keys each, so that growing never copies them
// and leaves at most one page partly unused. Every tracked key is also on a
// doubly linked list, most recently sent first, that orders eviction.
type storeShard struct {
	mu         sync.Mutex
	index      map[uint64]uint32 // key hash → slot
	pages      [][]uint32        // slot's send times: pages[slot/pageSlots][(slot%pageSlots)*width:][:width]
	metas      [][]slotMeta      // slot's hash and list links: metas[slot/pageSlots][slot%pageSlots]
	slots      uint32            // slots handed out
	free       []uint32          // slots of forgotten keys, for reuse
	head, tail uint32            // most and least recently sent key's slot; noSlot when empty
	nextFree   int64             // no key can be forgotten before this (since epoch)
	lastSweep  int64
	evictAfter int64    // when full: no key stops restricting before this (since epoch)
	_          [64]byte // keeps neighbouring shards' locks off one cache line
}

// slotMeta is what a slot needs besides its send times: its key's hash, to
// remove it from the index when it is evicted, and its list neighbours.
type slotMeta struct {
	hash       uint64
	prev, next uint32 // towards head and tail; noSlot at the ends
}

// noSlot ends the eviction list.
const noSlot = math.MaxUint32

// ring returns slot's send times, newest first, 0 for none.
func (sh *storeShard) ring(slot uint32, width int) []uint32 {
	off := int(slot%pageSlots) * width
	return sh.pages[slot/pageSlots][off : off+width : off+width]
}

// meta returns slot's hash and links.
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

// add tracks a new key in an empty slot, as the most recently sent.
func (sh *storeShard) add(h uint64, slot uint32) {
	sh.index[h] = slot
	sh.meta(slot).hash = h
	sh.pushFront(slot)
}

// forget stops tracking slot's key and frees the slot.
func (sh *storeShard) forget(slot uint32, width int) {
	sh.unlink(slot)
	delete(sh.index, sh.meta(slot).hash)
	clear(sh.ring(slot, width))
	sh.free = append(sh.free, slot)
}

// pushFront links slot in as the most recently sent.
func (sh *storeShard) pushFront(slot uint32) {
	m := sh.meta(slot)
	m.prev, m.next = noSlot, sh.head
	if sh.head != noSlot {
		sh.meta(sh.head).prev = slot
	} else {
		sh.tail = slot
	}
	sh.head = slot
}

// unlink takes slot off the list.
func (sh *storeShard) unlink(slot uint32) {
	m := sh.meta(slot)
	if m.prev != noSlot {
		sh.meta(m.prev).next = m.next
	} else {
		sh.head = m.next
	}
	if m.next != noSlot {
		sh.meta(m.next).prev = m.prev
	} else {
		sh.tail = m.prev
	}
	m.prev, m.next = noSlot, noSlot
}

// moveToFront marks slot as the most recently sent.
func (sh *storeShard) moveToFront(slot uint32) {
	if sh.head != slot {
		sh.unlink(slot)
		sh.pushFront(slot)
	}
}

// evict makes room in a full shard: it forgets the least recently sent key
// that restricts nothing at nowNs (every window of the policy would allow
// its next send). Keys it passes over, still restricting, go to the front,
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
	for n := len(sh.index); n > 0; n-- {
		slot := sh.tail
		w := s.blockedFor(sh.ring(slot, s.width), nowNs)
		if w <= 0 {
			sh.forget(slot, s.width)
			return 0, true
		}
		soonest = min(soonest, w)
		sh.moveToFront(slot)
	}
	sh.evictAfter = nowNs + soonest
	return soonest, false
}

// sweep forgets every key that is back to full at nowNs, and compacts the
// shard when most of its slots are free.
func (sh *storeShard) sweep(s *MemoryStore, nowNs int64) {
	sh.lastSweep = nowNs
	sh.nextFree = neverNs
	for _, slot := range sh.index {
		at := forgetAt(sh.ring(slot, s.width)[0], s.longest)
		if at <= nowNs {
			sh.forget(slot, s.width)
			continue
		}
		sh.nextFree = min(sh.nextFree, at)
	}
	if sh.slots > 4*pageSlots && len(sh.index) < int(sh.slots)/4 {
		sh.compact(s.width)
	}
}

// compact moves the live keys into fresh pages and a fresh index, in their
// eviction order: Go maps never shrink, so this is how memory taken in a
// spike is given back.
func (sh *storeShard) compact(width int) {
	oldPages, oldMetas, oldTail := sh.pages, sh.metas, sh.tail
	oldMeta := func(slot uint32) *slotMeta { return &oldMetas[slot/pageSlots][slot%pageSlots] }
	sh.index = make(map[uint64]uint32, len(sh.index))
	sh.pages, sh.metas = nil, nil
	sh.slots, sh.free = 0, nil
	sh.head, sh.tail = noSlot, noSlot
	for slot := oldTail; slot != noSlot; slot = oldMeta(slot).prev {
		n := sh.alloc(width)
		off := int(slot%pageSlots) * width
		copy(sh.ring(n, width), oldPages[slot/pageSlots][off:off+width])
		sh.add(oldMeta(slot).hash, n)
	}
}
