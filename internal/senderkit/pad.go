package senderkit

// CacheLinePad keeps the fields before it and the fields after it on
// different cache lines (128 bytes: two 64-byte lines, which x86 processors
// fetch in pairs). A sender puts what every send reads and none writes
// (names, clock, Validator, ids, scripts) before one, its sequence number
// (an atomic counter) between two, and what else it writes after them, so
// that a send on one core does not evict the other core's copy of what it
// only reads. Shards pads each shard with one too.
type CacheLinePad struct{ _ [128]byte }
