package fake

import (
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/senderkit"
)

// chunkSize is how many records one chunk of a log holds: 512 pointers in
// one 4 KiB allocation, made once per 512 sends.
const chunkSize = 512

// entry is a Record as the log keeps it, in one allocation: the message
// with its params kept compactly (senderkit.Kept: no map to copy per send),
// and the Record's other fields.
type entry struct {
	msg    senderkit.Kept
	time   time.Time
	result sms.Result
	err    error
}

// newEntry keeps msg and the rest of r (whose Message is ignored).
func newEntry(msg sms.Message, r Record) *entry {
	return &entry{msg: senderkit.Keep(msg), time: r.Time, result: r.Result, err: r.Err}
}

// record returns the Record, with its own copy of the message's params.
func (e *entry) record() Record {
	return Record{Message: e.msg.Message(), Time: e.time, Result: e.result, Err: e.err}
}

// accepted reports whether the send succeeded (Record.Accepted).
func (e *entry) accepted() bool { return e.err == nil }

// log is an append-only list of records in chunks of chunkSize. It holds
// pointers to entries that each send allocates and fills before it takes
// the lock, so that the critical section writes 8 bytes, not a 200-byte
// Record into memory the cache has never seen. Appending never moves earlier
// records (a growing slice would copy all of them under the Sender's lock,
// megabytes once a test has sent thousands), and a record, once appended,
// never changes, so a view taken under the lock may be read after it is
// released. Sender.mu guards a log.
type log struct {
	chunks [][]*entry // every chunk but the last is full
	n      int
}

// add appends r, which must not change afterwards.
func (l *log) add(r *entry) {
	if l.n%chunkSize == 0 {
		l.chunks = append(l.chunks, make([]*entry, 0, chunkSize))
	}
	last := len(l.chunks) - 1
	l.chunks[last] = append(l.chunks[last], r)
	l.n++
}

// view returns the records so far. It copies one slice header per chunk,
// not the records.
func (l *log) view() view {
	return view{chunks: append([][]*entry(nil), l.chunks...), n: l.n}
}

// view is the records of a log at one moment, readable without the lock.
// Its entries are shared with the log: never change them, and hand out
// only their records (entry.record), which are copies.
type view struct {
	chunks [][]*entry
	n      int
}

// len returns how many records v holds.
func (v view) len() int { return v.n }

// at returns the i-th entry, oldest first.
func (v view) at(i int) *entry { return v.chunks[i/chunkSize][i%chunkSize] }
