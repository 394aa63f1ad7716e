package dryrun

import (
	"maps"
	"time"

	"github.com/smskit/sms"
)

// Entry is one message the Sender accepted: the normalized message, with
// its params and body in full, when it was accepted by Options.Now, and the
// Result Send returned.
type Entry struct {
	// Message is the normalized message.
	Message sms.Message
	// Time is when Send accepted it.
	Time time.Time
	// Result is what Send returned.
	Result sms.Result
}

// ring keeps the last size entries. It grows as entries arrive, so a large
// size costs nothing until it is used. Sender.mu guards it.
type ring struct {
	size    int
	entries []Entry // at most size; once full, oldest at next
	next    int     // where the next entry goes once full
}

func newRing(size int) ring {
	return ring{size: max(size, 0)}
}

// add keeps e, dropping the oldest entry when the ring is full.
func (r *ring) add(e Entry) {
	switch {
	case r.size == 0:
	case len(r.entries) < r.size:
		r.entries = append(r.entries, e)
	default:
		r.entries[r.next] = e
		r.next = (r.next + 1) % r.size
	}
}

// len returns how many entries are kept.
func (r *ring) len() int { return len(r.entries) }

// at returns the i-th kept entry, oldest first.
func (r *ring) at(i int) Entry {
	return r.entries[(r.next+i)%len(r.entries)]
}

// cloneMessage returns m with its own copy of Params.
func cloneMessage(m sms.Message) sms.Message {
	m.Params = maps.Clone(m.Params)
	return m
}
