package verify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"hash"
	"sync"
)

// hasher derives store keys and code hashes from the secret. Both are
// HMAC-SHA-256 under the secret of length-prefixed fields with a domain
// label, so that a key can never equal a code hash, nor one purpose's
// hash another's:
//
//	key  = HMAC(secret, "smskit/verify/key/v1"  | purpose | number)
//	hash = HMAC(secret, "smskit/verify/code/v1" | purpose | number | code)
//
// where number is E.164 and each field is preceded by its length as a
// uvarint.
type hasher struct {
	pool sync.Pool // of *macState
}

// macState is one HMAC with its scratch buffer, reused through a pool so
// that hashing does not allocate.
type macState struct {
	mac hash.Hash
	buf []byte
	sum [HashSize]byte
}

const (
	keyDomain  = "smskit/verify/key/v1"
	codeDomain = "smskit/verify/code/v1"
	// limitDomain separates Guard's limit keys from the backend's keys
	// and code hashes, so that Guard may share the backend's Secret.
	limitDomain = "smskit/verify/limit/v1"
	keyPrefix   = "v1:" // of store keys, so a store can hold other formats later
)

func newHasher(secret []byte) *hasher {
	key := append([]byte(nil), secret...)
	h := &hasher{}
	h.pool.New = func() any {
		return &macState{mac: hmac.New(sha256.New, key), buf: make([]byte, 0, 128)}
	}
	return h
}

// run computes the MAC of the fields into st.sum.
func (st *macState) run(fields ...string) {
	b := st.buf[:0]
	for _, f := range fields {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	st.buf = b
	st.mac.Reset()
	st.mac.Write(b)
	st.mac.Sum(st.sum[:0])
}

// key returns the store key of a number (E.164) and purpose.
func (h *hasher) key(e164, purpose string) string {
	st := h.pool.Get().(*macState)
	st.run(keyDomain, purpose, e164)
	var out [len(keyPrefix) + 43]byte // 43: base64 of 32 bytes, unpadded
	copy(out[:], keyPrefix)
	base64.RawURLEncoding.Encode(out[len(keyPrefix):], st.sum[:])
	h.pool.Put(st)
	return string(out[:])
}

// limitKey returns the store key under which Guard counts value (a number
// in E.164 or a caller key) in the limit whose key prefix is prefix: the
// prefix, then the keyed hash of both, in one allocation.
func (h *hasher) limitKey(prefix, value string) string {
	st := h.pool.Get().(*macState)
	st.run(limitDomain, prefix, value)
	var buf [64]byte // the longest prefix, "verify-check-to:", and 46 bytes
	out := append(buf[:0], prefix...)
	out = append(out, keyPrefix...)
	out = base64.RawURLEncoding.AppendEncode(out, st.sum[:])
	h.pool.Put(st)
	return string(out)
}

// code writes the keyed hash of a code for a number and purpose to dst.
func (h *hasher) code(dst *[HashSize]byte, e164, purpose, code string) {
	st := h.pool.Get().(*macState)
	st.run(codeDomain, purpose, e164, code)
	*dst = st.sum
	h.pool.Put(st)
}
