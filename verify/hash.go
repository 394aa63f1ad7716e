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
// where number is E.164 and each field is preceded by its length.
type hasher struct {
	pool sync.Pool // of hash.Hash
}

const (
	keyDomain  = "smskit/verify/key/v1"
	codeDomain = "smskit/verify/code/v1"
	keyPrefix  = "v1:" // of store keys, so a store can hold other formats later
)

func newHasher(secret []byte) *hasher {
	key := append([]byte(nil), secret...)
	h := &hasher{}
	h.pool.New = func() any { return hmac.New(sha256.New, key) }
	return h
}

// sum writes the fields, each prefixed by its length, and appends the MAC
// to dst.
func (h *hasher) sum(dst []byte, fields ...string) []byte {
	m := h.pool.Get().(hash.Hash)
	m.Reset()
	var n [binary.MaxVarintLen64]byte
	for _, f := range fields {
		m.Write(n[:binary.PutUvarint(n[:], uint64(len(f)))])
		m.Write([]byte(f))
	}
	dst = m.Sum(dst)
	h.pool.Put(m)
	return dst
}

// key returns the store key of a number (E.164) and purpose.
func (h *hasher) key(e164, purpose string) string {
	var buf [HashSize]byte
	sum := h.sum(buf[:0], keyDomain, purpose, e164)
	return keyPrefix + base64.RawURLEncoding.EncodeToString(sum)
}

// code returns the keyed hash of a code for a number and purpose into dst.
func (h *hasher) code(dst *[HashSize]byte, e164, purpose, code string) {
	h.sum(dst[:0], codeDomain, purpose, e164, code)
}
