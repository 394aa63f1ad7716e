package middleware

import "sync"

// storeShard is one of MemoryStore's independently locked parts. Send times
// live in pages of pageSlots keys each, so that growing never copies them
// and leaves at most one page partly unused.
type storeShard struct {
	mu        sync.Mutex
	index     map[uint64]uint32 // key hash → slot
	pages     [][]uint32        // slot's send times: pages[slot/pageSlots][(slot%pageSlots)*width:][:width]
	slots     uint32            // slots handed out
	free      []uint32          // slots of forgotten keys, for reuse
	nextFree  int64             // no key can be forgotten before this (since epoch)
	lastSweep int64
	_         [64]byte // keeps neighbouring shards' locks off one cache line
}

// ring returns slot's send times, newest first, 0 for none.
func (sh *storeShard) ring(slot uint32, width int) []uint32 {
	off := int(slot%pageSlots) * width
	return sh.pages[slot/pageSlots][off : off+width : off+width]
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
	}
	sh.slots++
	return sh.slots - 1
}

// sweep forgets every key that is back to full at nowNs, and compacts the
// shard when most of its slots are free.
func (sh *storeShard) sweep(s *MemoryStore, nowNs int64) {
	sh.lastSweep = nowNs
	sh.nextFree = neverNs
	for h, slot := range sh.index {
		ring := sh.ring(slot, s.width)
		at := forgetAt(ring[0], s.longest)
		if at <= nowNs {
			clear(ring)
			delete(sh.index, h)
			sh.free = append(sh.free, slot)
			continue
		}
		sh.nextFree = min(sh.nextFree, at)
	}
	if sh.slots > 4*pageSlots && len(sh.index) < int(sh.slots)/4 {
		sh.compact(s.width)
	}
}

// compact moves the live keys into fresh pages and a fresh index: Go maps
// never shrink, so this is how memory taken in a spike is given back.
func (sh *storeShard) compact(width int) {
	oldIndex, oldPages := sh.index, sh.pages
	sh.index = make(map[uint64]uint32, len(oldIndex))
	sh.pages = nil
	sh.slots = 0
	sh.free = nil
	for h, slot := range oldIndex {
		n := sh.alloc(width)
		off := int(slot%pageSlots) * width
		copy(sh.ring(n, width), oldPages[slot/pageSlots][off:off+width])
		sh.index[h] = n
	}
}
