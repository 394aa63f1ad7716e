package aliyun

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/smskit/sms"
)

// callSecrets are the secrets of one call, not yet listed: the call's record
// (its credentials and signed URL; nil before a call), the recipient and the
// params. Listing them (secretsOf) costs about ten allocations, which only
// an error needs, to check and redact what it quotes. A successful send only
// checks its two ids, RequestId and BizId: shownIn and idShows decide that
// straight from the call, without allocating, as secretsOf's list would.
type callSecrets struct {
	c      *call
	to     sms.Phone
	params map[string]string
}

// list returns the secrets, listed: for errors.
func (d callSecrets) list() secrets { return secretsOf(d.c, d.to, d.params) }

// requestID is safeRequestID(id, d.list()).
func (d callSecrets) requestID(id string) string {
	if !isRequestID(id) || d.shownIn(id) {
		return ""
	}
	return id
}

// shownIn is d.list().shownIn(text): whether text shows a fragment of a
// credential or of the signature, four digits in a row of the recipient,
// the whole recipient or a whole param value.
func (d callSecrets) shownIn(text string) bool {
	if shown, ok := d.quickShownIn(text); ok {
		return shown
	}
	return d.list().shownIn(text)
}

// idShows is d.list().idShows(text): whether text, an id, shows a fragment
// of a credential or of the signature, or the whole recipient.
func (d callSecrets) idShows(text string) bool {
	if shown, ok := d.quickIDShows(text); ok {
		return shown
	}
	return d.list().idShows(text)
}

// maxQuickText is the longest text the quick checks take: ids are shorter.
const maxQuickText = 64

// quickShownIn decides shownIn without allocating when text is short ASCII
// and the credentials are ASCII (ok); otherwise ok is false.
func (d callSecrets) quickShownIn(text string) (shown, ok bool) {
	if shown, ok = d.quickIDShows(text); !ok || shown {
		return shown, ok
	}
	for _, v := range d.params {
		if len(v) >= minValueLength && strings.Contains(text, v) {
			return true, true
		}
	}
	return d.numberDigitsIn(text), true
}

// quickIDShows decides idShows without allocating when text is short ASCII
// and the credentials are ASCII (ok); otherwise ok is false.
func (d callSecrets) quickIDShows(text string) (shown, ok bool) {
	if len(text) > maxQuickText || !isASCII(text) {
		return false, false
	}
	// The E.164 form and its digits end with the national number: text
	// holds one of the recipient's forms exactly when it holds that.
	if d.to.National != "" && strings.Contains(text, d.to.National) {
		return true, true
	}
	if d.c == nil {
		return false, true
	}
	var set foldSet
	for i := 0; i < len(text); i++ {
		set.add(text[i])
	}
	for _, v := range [...]string{d.c.keyID, d.c.secret, d.c.token} {
		if v == "" {
			continue
		}
		if shown, ok = fragmentIn(text, &set, v); !ok || shown {
			return shown, ok
		}
	}
	if sig := d.c.signature(); len(sig) > 0 {
		return fragmentIn(text, &set, sig)
	}
	return false, true
}

// signatureCache holds the signature of a call's request, read once from
// its URL for both of a successful send's ids.
type signatureCache struct {
	read bool
	sig  []byte
	buf  [48]byte
}

// signature returns the Signature parameter of c's request URL as
// queryValue reads it, or nothing. Only the caller may call it, once the
// call is over.
func (c *call) signature() []byte {
	sc := &c.sig
	if !sc.read && c.url != nil {
		sc.sig = appendQueryValue(sc.buf[:0], c.url.RawQuery, "Signature")
	}
	sc.read = true
	return sc.sig
}

// foldSet is a set of ASCII bytes in which a letter is in both cases.
type foldSet [utf8.RuneSelf]bool

// add adds c, an ASCII byte, in both cases.
func (s *foldSet) add(c byte) {
	c = lowerASCII(c)
	s[c] = true
	if 'a' <= c && c <= 'z' {
		s[c-('a'-'A')] = true
	}
}

// lowerASCII returns c in lower case if it is an ASCII capital letter.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// fragmentIn reports whether text, an ASCII text whose bytes are set, holds minCredentialFragment bytes in a row of v, or all of v when it
// is shorter, in any letter case: secrets.idShows's rule for one
// credential. ok is false when v is not ASCII (its lower case may differ
// in more than the letters A to Z), and the rule must be applied to its
// strings.ToLower.
//
// Only a run of minCredentialFragment bytes of v that all occur in text can
// be such a fragment, and runs of a random credential's bytes that all
// occur in an id's few distinct bytes are rare: text is searched for
// those alone.
func fragmentIn[S ~string | ~[]byte](text string, set *foldSet, v S) (shown, ok bool) {
	w := min(minCredentialFragment, len(v))
	run := 0
	for k := 0; k < len(v); k++ {
		c := v[k]
		if c >= utf8.RuneSelf {
			return false, false
		}
		if !set[c] {
			run = 0
			continue
		}
		if run++; run >= w && foldedIndex(text, v[k+1-w:k+1]) {
			return true, true
		}
	}
	return false, true
}

// foldedIndex reports whether text holds window in any letter case; both
// are ASCII.
func foldedIndex[S ~string | ~[]byte](text string, window S) bool {
	for i := 0; i+len(window) <= len(text); i++ {
		j := 0
		for j < len(window) && lowerASCII(text[i+j]) == lowerASCII(window[j]) {
			j++
		}
		if j == len(window) {
			return true
		}
	}
	return false
}

// numberDigitsIn is secrets.numberIn for an ASCII text of at most
// maxQuickText bytes: whether text holds four digits in a row of the
// recipient's E.164 digits, counted across separators as digitSequences
// counts them.
func (d callSecrets) numberDigitsIn(text string) bool {
	var digitsBuf [32]byte
	digits := append(strconv.AppendInt(digitsBuf[:0], int64(d.to.CountryCode), 10), d.to.National...)
	// The number's runs of four digits, as numbers below 10,000.
	var runs [len(digitsBuf)]uint16
	n := 0
	for i, value, width := 0, 0, 0; i < len(digits); i++ {
		if c := digits[i]; '0' <= c && c <= '9' {
			value, width = (value*10+int(c-'0'))%10_000, width+1
		} else {
			value, width = 0, 0
		}
		if width >= minNumberFragment {
			if n == len(runs) { // a National longer than any number's
				return d.list().numberIn(text)
			}
			runs[n] = uint16(value)
			n++
		}
	}
	if n == 0 {
		return false
	}
	value, width, gap := 0, 0, 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) {
			switch c := text[i]; {
			case '0' <= c && c <= '9':
				value, width, gap = (value*10+int(c-'0'))%10_000, width+1, 0
				if width >= minNumberFragment && slices.Contains(runs[:n], uint16(value)) {
					return true
				}
				continue
			case width > 0 && gap < 2 && isASCIINumberSeparator(c):
				gap++
				continue
			}
		}
		value, width, gap = 0, 0, 0
	}
	return false
}

// isASCIINumberSeparator is isNumberSeparator for an ASCII byte.
func isASCIINumberSeparator(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r', '-', '.', ',', '/', '(', ')', '+', '_':
		return true
	}
	return false
}

// appendQueryValue appends to dst the value of the first parameter name in
// a raw query, as queryValue returns it: unescaped, or as it is when its
// escapes are malformed. Nothing is appended when there is none.
func appendQueryValue(dst []byte, rawQuery, name string) []byte {
	for rawQuery != "" {
		var pair string
		pair, rawQuery, _ = strings.Cut(rawQuery, "&")
		k, v, ok := strings.Cut(pair, "=")
		if !ok || k != name {
			continue
		}
		for i := 0; i < len(v); i++ {
			if v[i] == '%' && (i+2 >= len(v) || !isHex(v[i+1]) || !isHex(v[i+2])) {
				return append(dst, v...)
			}
		}
		for i := 0; i < len(v); i++ {
			switch c := v[i]; c {
			case '%':
				dst = append(dst, unhex(v[i+1])<<4|unhex(v[i+2]))
				i += 2
			case '+':
				dst = append(dst, ' ')
			default:
				dst = append(dst, c)
			}
		}
		return dst
	}
	return dst
}

// isHex reports whether c is a hexadecimal digit.
func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// unhex returns the value of the hexadecimal digit c.
func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
