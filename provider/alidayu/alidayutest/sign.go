package alidayutest

import (
	"crypto/hmac"
	"crypto/md5"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
)

// Sign returns the TOP signature of params, in upper-case hex, for a
// hand-written request. It is written apart from package alidayu's signer,
// so that each checks the other.
//
// The rules are those of Taobao's open platform ("签名算法",
// https://open.taobao.com/doc.htm?docId=101617&docType=1; the same rules
// in TOP's older API guide, quoted at https://segmentfault.com/q/1010000002569107):
//
//  1. take every request parameter but sign (common and business, from the
//     query and the form alike), leaving out those with an empty value;
//  2. sort them by name in ASCII order;
//  3. concatenate name and value of each, unescaped, with no separator:
//     "bar2foo1foo_bar3foobar4";
//  4. md5: MD5 of secret + that string + secret (UTF-8);
//     hmac: HMAC-MD5 of that string, keyed by the secret;
//  5. write the 16 bytes as 32 upper-case hexadecimal digits.
func Sign(params url.Values, secret, method string) string {
	var b strings.Builder
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "sign" || len(params[k]) == 0 || params[k][0] == "" {
			continue
		}
		b.WriteString(k)
		b.WriteString(params[k][0])
	}
	var sum []byte
	switch method {
	case "hmac":
		m := hmac.New(md5.New, []byte(secret))
		m.Write([]byte(b.String()))
		sum = m.Sum(nil)
	default:
		s := md5.Sum([]byte(secret + b.String() + secret))
		sum = s[:]
	}
	return strings.ToUpper(hex.EncodeToString(sum))
}
