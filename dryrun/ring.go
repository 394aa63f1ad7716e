package dryrun

import (
	"cmp"
	"slices"
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

// kept is a Record as a ring keeps it: the message with its params kept
// compactly (senderkit.Kept: no map to copy per send), held by value in
// the ring (no allocation per send), when it was accepted, its sequence
// number, which gives the Result's MessageID, and its place in the order the
// Sender kept its records (Sender.order), which orders the records of all
// shards.
type kept struct {
	msg   senderkit.Kept
	time  time.Time
	seq   uint64
	order uint64
}

// record returns the Record of k, sent by s, with its own copy of the
// message's params.
func (s *Sender) record(k *kept) Record {
	return Record{Message: k.msg.Message(), Time: k.time, Result: s.result(k.seq)}
}

// ring is one shard of a Sender (see senderkit.Shards): how many messages
// the shard numbered, and its last records, up to the Sender's Keep. It
// grows as records arrive, so a large Keep costs nothing until it is used.
// Its records are in increasing order: they are numbered under the shard's
// lock.
type ring struct {
	sent    uint64 // messages numbered in this shard
	ids     string // the MessageIDs of the next numbers, one after the other
	records []kept // at most keep; once full, oldest at next
	next    int    // where the next record goes once full
}

// add keeps rec, dropping the oldest record when the ring holds keep; a
// keep <= 0 keeps nothing.
func (r *ring) add(rec *kept, keep int) {
	switch {
	case keep <= 0:
		return
	case len(r.records) < keep:
		r.records = append(r.records, *rec)
	default:
		r.records[r.next] = *rec
		r.next = (r.next + 1) % keep
	}
}

// appendTo appends the ring's records to out, oldest first.
func (r *ring) appendTo(out []kept) []kept {
	out = append(out, r.records[r.next:]...)
	return append(out, r.records[:r.next]...)
}

// snapshot returns the kept records of every shard, oldest first: the last
// Keep records accepted. The copies share their params with the rings
// (senderkit.Kept is never changed): hand out only their records
// (Sender.record).
func (s *Sender) snapshot() []kept {
	var out []kept
	for _, r := range s.shards.LockAll() {
		out = r.appendTo(out)
	}
	s.shards.UnlockAll()
	slices.SortFunc(out, func(a, b kept) int { return cmp.Compare(a.order, b.order) })
	return out[max(len(out)-s.keep, 0):]
}
