package aliyuntest

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// timestampLayout is the only Timestamp format Aliyun documents for RPC APIs.
const timestampLayout = "2006-01-02T15:04:05Z"

// commonParams are the parameters every RPC request must carry, in the order
// they are checked.
var commonParams = []string{"Action", "Version", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"}

// percentEncode applies RFC 3986: every byte except ALPHA, DIGIT, "-", ".",
// "_" and "~" becomes %XX with upper-case hex digits.
func percentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// stringToSign builds the RPC string to sign from every parameter except
// Signature: method & encode("/") & encode(sorted, encoded k=v pairs).
func stringToSign(method string, params url.Values) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var canonical strings.Builder
	for _, k := range keys {
		values := append([]string(nil), params[k]...)
		sort.Strings(values)
		for _, v := range values {
			if canonical.Len() > 0 {
				canonical.WriteByte('&')
			}
			canonical.WriteString(percentEncode(k))
			canonical.WriteByte('=')
			canonical.WriteString(percentEncode(v))
		}
	}
	return method + "&" + percentEncode("/") + "&" + percentEncode(canonical.String())
}

// signature is base64(HMAC-SHA1(secret + "&", stringToSign)).
func signature(method string, params url.Values, secret string) string {
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(stringToSign(method, params)))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// verify reports whether params carry the signature of method and params
// under secret, comparing in constant time.
func verify(method string, params url.Values, secret string) bool {
	want := signature(method, params, secret)
	return subtle.ConstantTimeCompare([]byte(want), []byte(params.Get("Signature"))) == 1
}

// authenticate checks the common parameters, timestamp, key and signature of
// a request received at now. It does not check the nonce, which needs the
// emulator's state.
func (e *Emulator) authenticate(method string, params url.Values, now time.Time) *apiError {
	if params.Get("SignatureMethod") != "HMAC-SHA1" {
		return gatewayError(http.StatusBadRequest, codeSignatureMethod)
	}
	if params.Get("SignatureVersion") != "1.0" {
		return gatewayError(http.StatusBadRequest, codeSignatureVersion)
	}
	ts, err := time.Parse(timestampLayout, params.Get("Timestamp"))
	if err != nil {
		return gatewayError(http.StatusBadRequest, codeTimestampFormat)
	}
	if skew := now.Sub(ts); skew > e.opts.MaxClockSkew || skew < -e.opts.MaxClockSkew {
		return gatewayError(http.StatusBadRequest, codeTimestampExpired)
	}
	secret, ok := e.opts.Keys[params.Get("AccessKeyId")]
	if !ok {
		return gatewayError(http.StatusNotFound, codeInvalidAccessKeyID)
	}
	if !verify(method, params, secret) {
		// Like Aliyun, echo the server's string to sign: the SDK compares
		// it with its own to tell a wrong secret from a signing bug. It
		// holds the AccessKeyId and every parameter value, never the secret.
		err := gatewayError(http.StatusBadRequest, codeSignatureDoesNotMatch)
		err.message += " server string to sign is:" + stringToSign(method, params)
		return err
	}
	return nil
}

// maxNonces bounds the signature nonces remembered: about 6 MB.
const maxNonces = 1 << 16

// nonces remembers the signature nonces of authenticated requests for as long
// as a replay could pass the timestamp check, and at most maxNonces of them:
// beyond that the oldest is forgotten first, so memory stays bounded whatever
// the request rate (a replay of a forgotten nonce then passes, which an
// emulator can afford).
type nonces struct {
	expiry    map[string]nonceEntry
	order     []string // ring of keys in order of arrival
	next      int      // slot of order the next key takes
	nextSweep time.Time
}

// nonceEntry is one remembered nonce.
type nonceEntry struct {
	expires time.Time
	slot    int // its slot in the ring
}

// use records nonce for accessKeyID, valid until expires, and reports whether
// it was fresh. Expired nonces are swept at most once per skew.
func (n *nonces) use(accessKeyID, nonce string, now, expires time.Time, skew time.Duration) bool {
	if n.expiry == nil {
		n.expiry = map[string]nonceEntry{}
		n.order = make([]string, 0, 64)
	}
	if now.After(n.nextSweep) {
		for k, e := range n.expiry {
			if now.After(e.expires) {
				delete(n.expiry, k)
			}
		}
		n.nextSweep = now.Add(skew)
	}
	key := accessKeyID + "\x00" + nonce
	if e, ok := n.expiry[key]; ok && !now.After(e.expires) {
		return false
	}
	if len(n.order) < maxNonces {
		n.order = append(n.order, key)
	} else {
		old := n.order[n.next]
		if e, ok := n.expiry[old]; ok && e.slot == n.next {
			delete(n.expiry, old)
		}
		n.order[n.next] = key
	}
	n.expiry[key] = nonceEntry{expires: expires, slot: n.next}
	n.next = (n.next + 1) % maxNonces
	return true
}
