package dryrun

import (
	"hash/fnv"
	"strconv"
)

// messageID returns "dryrun-" and 16 hex digits, unique for each seq within a
// Sender and deterministic for a provider name: seq, mixed with a salt taken
// from the name, goes through splitmix64's finalizer, a bijection on uint64.
func messageID(salt, seq uint64) string {
	x := seq ^ salt
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	const zeros = "0000000000000000"
	h := strconv.FormatUint(x, 16)
	return "dryrun-" + zeros[len(h):] + h
}

// saltFor hashes a provider name into a salt for messageID.
func saltFor(provider string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(provider))
	return h.Sum64()
}
