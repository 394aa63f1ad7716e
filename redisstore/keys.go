package redisstore

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"sync"
)

// keyer turns a caller's key into a Redis key: PREFIX{HASH}. HASH is the
// first 16 bytes of HMAC-SHA-256(secret, key) (SHA-256 without a secret),
// base64url: the key (a number, for middleware.RecipientKey) never reaches
// Redis in clear, and the braces make HASH the Redis Cluster hash tag, so
// that every Redis key of one caller's key lands in one slot.
type keyer struct {
	prefix string
	pool   sync.Pool // of hash.Hash
}

func newKeyer(prefix string, secret []byte) *keyer {
	k := &keyer{prefix: prefix}
	secret = append([]byte(nil), secret...)
	k.pool.New = func() any {
		if len(secret) == 0 {
			return sha256.New()
		}
		return hmac.New(sha256.New, secret)
	}
	return k
}

// hashedLen is the length of the encoded hash: 16 bytes in base64url.
const hashedLen = 22

// key returns the Redis key of key.
func (k *keyer) key(key string) string {
	h := k.pool.Get().(hash.Hash)
	h.Reset()
	_, _ = h.Write([]byte(key))
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	k.pool.Put(h)
	buf := make([]byte, 0, len(k.prefix)+hashedLen+2)
	buf = append(buf, k.prefix...)
	buf = append(buf, '{')
	buf = base64.RawURLEncoding.AppendEncode(buf, sum[:16])
	buf = append(buf, '}')
	return string(buf)
}
