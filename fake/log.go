package fake

import (
	"slices"
	"sort"
	"time"

	"github.com/smskit/sms/internal/senderkit"
)

// chunkSize is how many records one chunk of a log holds, by value: one
// allocation per chunkSize sends, about 60 KB.
const chunkSize = 256

// entry is a Record as a log keeps it: the message with its params kept
// compactly (senderkit.Kept: no map to copy per send), when the send
// returned, its error (nil when accepted) and its sequence number, which
// orders the records of all shards and gives the Result's ids.
type entry struct {
	msg  senderkit.Kept
	time time.Time
	err  error
	seq  uint64
}

// accepted reports whether the send succeeded (Record.Accepted).
func (e *entry) accepted() bool { return e.err == nil }

// log is one shard of a Sender's records (see senderkit.Shards): the
// records of the sends that used the shard, in increasing seq (they are
// numbered under the shard's lock), in chunks of chunkSize held by value.
// Appending never moves earlier records (a growing slice would copy all of
// them, megabytes once a test has sent thousands), and a record, once
// appended, never changes, so a view taken under the lock may be read after
// it is released. The shard's lock guards a log.
type log struct {
	chunks   [][]entry // every chunk but the last is full
	n        int
	accepted int
}

// add appends a copy of e.
func (l *log) add(e *entry) {
	last := len(l.chunks) - 1
	if last < 0 || len(l.chunks[last]) == chunkSize {
		size := chunkSize
		if last < 0 {
			size = 8 // the first chunk grows as it fills: most fakes send little
		}
		l.chunks = append(l.chunks, make([]entry, 0, size))
		last++
	}
	l.chunks[last] = append(l.chunks[last], *e)
	l.n++
	if e.accepted() {
		l.accepted++
	}
}

// view returns the records so far. It copies one slice header per chunk,
// not the records.
func (l *log) view() shardView {
	return shardView{chunks: slices.Clone(l.chunks), n: l.n}
}

// shardView is the records of one log at one moment, readable without the
// lock. Its entries are shared with the log: never change them, and hand
// out only their records (Sender.record), which are copies.
type shardView struct {
	chunks [][]entry
	n      int
}

// at returns the i-th entry, oldest first.
func (v shardView) at(i int) *entry { return &v.chunks[i/chunkSize][i%chunkSize] }

// find returns the entry numbered seq, if v has it: the entries are in
// increasing seq.
func (v shardView) find(seq uint64) (*entry, bool) {
	i := sort.Search(v.n, func(i int) bool { return v.at(i).seq >= seq })
	if i < v.n && v.at(i).seq == seq {
		return v.at(i), true
	}
	return nil, false
}

// view is every shard's records at one moment (Sender.view).
type view []shardView

// len returns how many records v holds.
func (v view) len() int {
	n := 0
	for _, sv := range v {
		n += sv.n
	}
	return n
}

// each calls yield with every entry of v in seq order, the order the sends
// returned, until yield returns false: the shards merged, each being in
// that order already.
func (v view) each(yield func(*entry) bool) {
	next := make([]int, len(v))
	for {
		best := -1
		var seq uint64
		for k, sv := range v {
			if next[k] < sv.n {
				if e := sv.at(next[k]); best < 0 || e.seq < seq {
					best, seq = k, e.seq
				}
			}
		}
		if best < 0 {
			return
		}
		e := v[best].at(next[best])
		next[best]++
		if !yield(e) {
			return
		}
	}
}

// last returns the newest accepted entry that match accepts.
func (v view) last(match func(*entry) bool) (*entry, bool) {
	var found *entry
	for _, sv := range v {
		for i := sv.n - 1; i >= 0; i-- {
			if e := sv.at(i); e.accepted() && match(e) {
				if found == nil || e.seq > found.seq {
					found = e
				}
				break
			}
		}
	}
	return found, found != nil
}
