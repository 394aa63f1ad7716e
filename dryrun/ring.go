package dryrun

import (
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/senderkit"
)

// Record is one message the Sender accepted: the normalized message, with
// its params and body in full, when it was accepted by Options.Now, and the
// Result Send returned. Unlike fake.Record it has no Err: a dry run keeps
// only what would have reached a phone; refused messages are returned to
// the caller, for the logging middleware to report.
type Record struct {
	// Message is the normalized message.
	Message sms.Message
	// Time is when Send accepted it.
	Time time.Time
	// Result is what Send returned.
	Result sms.Result
}

// clone returns r with its own copy of the message's Params.
func (r Record) clone() Record {
	r.Message = senderkit.CloneMessage(r.Message)
	return r
}

// ring keeps the last size records. It grows as records arrive, so a large
// size costs nothing until it is used. Sender.mu guards it.
type ring struct {
	size    int
	records []Record // at most size; once full, oldest at next
	next    int      // where the next record goes once full
}

func newRing(size int) ring {
	return ring{size: max(size, 0)}
}

// add keeps r, dropping the oldest record when the ring is full.
func (r *ring) add(rec Record) {
	switch {
	case r.size == 0:
	case len(r.records) < r.size:
		r.records = append(r.records, rec)
	default:
		r.records[r.next] = rec
		r.next = (r.next + 1) % r.size
	}
}

// snapshot returns the kept records, oldest first, sharing their Params.
func (r *ring) snapshot() []Record {
	out := make([]Record, 0, len(r.records))
	out = append(out, r.records[r.next:]...)
	return append(out, r.records[:r.next]...)
}
