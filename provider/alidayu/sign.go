package alidayu

import (
	"crypto/hmac"
	"crypto/md5"
	"encoding/hex"
	"hash"
	"net/url"
	"slices"
	"strings"
)

// Sign returns the TOP signature of params with secret and method (SignMD5
// or SignHMAC), in upper-case hex, as the gateway computes it: the
// parameters other than "sign", sorted by name (byte order), each written
// as name then value (no separators, values unescaped, parameters with an
// empty value left out), in UTF-8; then
//
//   - md5:  MD5(secret + that string + secret),
//   - hmac: HMAC-MD5 keyed by secret over that string.
//
// Taobao's open platform documents these rules ("签名算法",
// https://open.taobao.com/doc.htm?docId=101617&docType=1, whose worked
// example signs with secret "helloworld"; tests pin it). A params value
// given twice signs its first value only: a Sender never sends one twice.
func Sign(params url.Values, secret, method string) string {
	names := make([]string, 0, len(params))
	for k, v := range params {
		if k != "sign" && len(v) > 0 && v[0] != "" {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	var h hash.Hash
	if method == SignHMAC {
		h = hmac.New(md5.New, []byte(secret))
	} else {
		h = md5.New()
		h.Write([]byte(secret))
	}
	for _, k := range names {
		h.Write([]byte(k))
		h.Write([]byte(params[k][0]))
	}
	if method != SignHMAC {
		h.Write([]byte(secret))
	}
	return strings.ToUpper(hex.EncodeToString(h.Sum(nil)))
}
