package senderkit

import (
	"hash/fnv"
	"strings"
)

// IDs makes message and request ids that are unique within one sender and
// deterministic for its name, so that test output is stable: a call's
// sequence number, mixed with a salt taken from the name, goes through
// splitmix64's finalizer, a bijection on uint64, so distinct sequence
// numbers never share an id, and the ids look random.
//
// IDs is immutable: many goroutines may use one at once.
type IDs struct {
	prefix string
	salt   uint64
}

// requestSalt separates request ids from message ids of the same call.
const requestSalt = 0x5bd1e9955bd1e995

// NewIDs returns the ids of a sender called provider, each starting with
// prefix ("fake-"): MessageID is prefix and 16 hex digits, RequestID is
// prefix, "req-" and 16 hex digits.
func NewIDs(prefix, provider string) IDs {
	h := fnv.New64a()
	h.Write([]byte(provider))
	return IDs{prefix: prefix, salt: h.Sum64()}
}

// MessageID returns the message id of call seq.
func (ids IDs) MessageID(seq uint64) string {
	return ids.format("", mix(seq^ids.salt))
}

// RequestID returns the request id of call seq.
func (ids IDs) RequestID(seq uint64) string {
	return ids.format("req-", mix(seq^ids.salt^requestSalt))
}

// Pair returns MessageID(seq) and RequestID(seq) in one allocation: two
// slices of one string.
func (ids IDs) Pair(seq uint64) (messageID, requestID string) {
	var buf [128]byte
	b := ids.append(buf[:0], "", mix(seq^ids.salt))
	n := len(b)
	both := string(ids.append(b, "req-", mix(seq^ids.salt^requestSalt)))
	return both[:n], both[n:]
}

// MessageIDs returns the message ids of calls first, first+step, ...,
// first+(n-1)*step, in one allocation: one string that holds them one after
// the other, each MessageIDLen() bytes long. A sender that knows which
// numbers it will hand out slices them from it, one allocation for n sends.
func (ids IDs) MessageIDs(first, step uint64, n int) string {
	var out strings.Builder
	out.Grow(n * ids.MessageIDLen())
	var buf [64]byte
	for i := range uint64(n) {
		out.Write(ids.append(buf[:0], "", mix((first+i*step)^ids.salt)))
	}
	return out.String()
}

// MessageIDLen returns the length of every message id.
func (ids IDs) MessageIDLen() int { return len(ids.prefix) + 16 }

// format returns prefix, infix and x as 16 hex digits, in one allocation.
func (ids IDs) format(infix string, x uint64) string {
	var buf [64]byte
	return string(ids.append(buf[:0], infix, x))
}

// append appends prefix, infix and x as 16 hex digits to b.
func (ids IDs) append(b []byte, infix string, x uint64) []byte {
	const digits = "0123456789abcdef"
	b = append(append(b, ids.prefix...), infix...)
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, digits[x>>shift&0xf])
	}
	return b
}

// MessageSeq returns the sequence number whose MessageID is id, and false
// when id is no MessageID of ids: mix is inverted, so that a sender finds a
// message by its id without formatting the id of every message it keeps.
func (ids IDs) MessageSeq(id string) (uint64, bool) {
	if len(id) != ids.MessageIDLen() || id[:len(ids.prefix)] != ids.prefix {
		return 0, false
	}
	var x uint64
	for _, c := range []byte(id[len(ids.prefix):]) {
		switch {
		case '0' <= c && c <= '9':
			x = x<<4 | uint64(c-'0')
		case 'a' <= c && c <= 'f':
			x = x<<4 | uint64(c-'a'+10)
		default:
			return 0, false
		}
	}
	return unmix(x) ^ ids.salt, true
}

// mix is splitmix64's finalizer.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// unmix inverts mix: each xor-shift undone by xoring the shifts again, each
// multiplication by the constant's inverse modulo 2^64.
func unmix(x uint64) uint64 {
	x ^= x>>31 ^ x>>62
	x *= 0x319642b2d24d8ec3
	x ^= x>>27 ^ x>>54
	x *= 0x96de1b173f119089
	x ^= x>>30 ^ x>>60
	return x
}
