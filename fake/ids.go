package fake

import (
	"hash/fnv"
	"strconv"
)

// idSource makes ids that are unique within one Sender and deterministic for
// a provider name: the call's sequence number, mixed with a salt taken from
// the name, goes through splitmix64's finalizer, a bijection on uint64, so
// distinct calls never share an id and the ids look random.
type idSource struct{ salt uint64 }

func newIDSource(provider string) idSource {
	h := fnv.New64a()
	h.Write([]byte(provider))
	return idSource{salt: h.Sum64()}
}

func (s idSource) message(seq uint64) string {
	return "fake-" + hex16(mix(seq^s.salt))
}

func (s idSource) request(seq uint64) string {
	return "fake-req-" + hex16(mix(seq^s.salt^0x5bd1e9955bd1e995))
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

// hex16 formats x as exactly 16 lower-case hex digits.
func hex16(x uint64) string {
	const zeros = "0000000000000000"
	h := strconv.FormatUint(x, 16)
	return zeros[len(h):] + h
}
