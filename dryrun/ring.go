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

// kept is a Record as the ring keeps it: the message with its params kept
// compactly (senderkit.Kept: no map to copy per send), held by value in
// the ring (no allocation per send), and the Record's other fields.
type kept struct {
	msg    senderkit.Kept
	time   time.Time
	result sms.Result
}

// record returns the Record, with its own copy of the message's params.
func (k *kept) record() Record {
	return Record{Message: k.msg.Message(), Time: k.time, Result: k.result}
}

// ring keeps the last size records. It grows as records arrive, so a large
// size costs nothing until it is used. Sender.mu guards it.
type ring struct {
	size    int
	records []kept // at most size; once full, oldest at next
	next    int    // where the next record goes once full
}

func newRing(size int) ring {
	return ring{size: max(size, 0)}
}

// add keeps rec, dropping the oldest record when the ring is full.
func (r *ring) add(rec *kept) {
	switch {
	case r.size == 0:
	case len(r.records) < r.size:
		r.records = append(r.records, *rec)
	default:
		r.records[r.next] = *rec
		r.next = (r.next + 1) % r.size
	}
}

// snapshot returns the kept records, oldest first. The copies share their
// params with the ring (senderkit.Kept is never changed): hand out only
// their records (kept.record).
func (r *ring) snapshot() []kept {
	out := make([]kept, 0, len(r.records))
	out = append(out, r.records[r.next:]...)
	return append(out, r.records[:r.next]...)
}
