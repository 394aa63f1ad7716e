package fake

// chunkSize is how many records one chunk of a log holds: 512 pointers in
// one 4 KiB allocation, made once per 512 sends.
const chunkSize = 512

// log is an append-only list of records in chunks of chunkSize. It holds
// pointers to records that each send allocates and fills before it takes
// the lock, so that the critical section writes 8 bytes, not a 200-byte
// Record into memory the cache has never seen. Appending never moves earlier
// records (a growing slice would copy all of them under the Sender's lock,
// megabytes once a test has sent thousands), and a record, once appended,
// never changes, so a view taken under the lock may be read after it is
// released. Sender.mu guards a log.
type log struct {
	chunks [][]*Record // every chunk but the last is full
	n      int
}

// add appends r, which must not change afterwards.
func (l *log) add(r *Record) {
	if l.n%chunkSize == 0 {
		l.chunks = append(l.chunks, make([]*Record, 0, chunkSize))
	}
	last := len(l.chunks) - 1
	l.chunks[last] = append(l.chunks[last], r)
	l.n++
}

// view returns the records so far. It copies one slice header per chunk,
// not the records.
func (l *log) view() view {
	return view{chunks: append([][]*Record(nil), l.chunks...), n: l.n}
}

// view is the records of a log at one moment, readable without the lock.
// Its records share their Params maps with the log: never change them, and
// hand out only copies.
type view struct {
	chunks [][]*Record
	n      int
}

// len returns how many records v holds.
func (v view) len() int { return v.n }

// at returns the i-th record, oldest first.
func (v view) at(i int) *Record { return v.chunks[i/chunkSize][i%chunkSize] }
