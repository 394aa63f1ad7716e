package redact

import (
	"math"
	"slices"
	"strings"
)

// WholeNumbers, as InID's minDigits, lets an id hold any part of a known
// number short of all its digits, and any code: for ids that are long runs
// of digits, which hold such parts by chance.
const WholeNumbers = math.MaxInt

// InID reports whether id, an identifier taken from an answer after its
// provider's format check (a request id, a message id), shows something of
// the secrets, as an id built from the request (a header or a field echoing
// it) would: MinCredentialFragment bytes in a row of a credential, in any
// case (a shorter credential whole); a value whole; minDigits digits in a
// row of a known number (all its digits when it has fewer); or a code of
// minDigits digits or more, whole. Digits are counted across separators and
// in any script, as in written numbers; minDigits is at least
// MinNumberFragment.
//
// Unlike In, InID lets an id hold digits of unknown numbers, and shorter
// runs of a known number's digits: random hexadecimal and numeric ids hold
// them by chance. The provider chooses minDigits for its ids: with
// MinNumberFragment, a random 32-digit hexadecimal id holds four digits of
// an 11-digit number about once in 500 ids, and is then refused too.
//
// InID allocates nothing for ids of up to 64 bytes.
func (s Secrets) InID(id string, minDigits int) bool { return InID(id, minDigits, s) }

// InID is Secrets.InID of the secrets of all the lists, as one list: for
// secrets kept in parts (a sender's credentials, listed once, and a call's
// own), without joining them, and reading the id once.
func InID(id string, minDigits int, lists ...Secrets) bool {
	minDigits = max(minDigits, MinNumberFragment)
	var keyBuf [64]uint64
	var digitBuf [72]byte // a digit or a space per byte of id, and a last space
	g := newIDGrams(id, keyBuf[:0])
	digits := idDigits(id, digitBuf[:0])
	for _, s := range lists {
		if inID(s, id, minDigits, &g, digits) {
			return true
		}
	}
	return false
}

// inID is InID for one list, the id read into g and digits.
func inID(s Secrets, id string, minDigits int, g *idGrams, digits []byte) bool {
	for _, x := range s {
		switch x.Kind {
		case Credential:
			if g.credentialIn(x.Text) {
				return true
			}
		case Value:
			if len(x.Text) >= MinValueBytes && strings.Contains(id, x.Text) {
				return true
			}
		case Number:
			if d := asDigits(x.Text); len(d) >= MinNumberFragment && fragmentIn(digits, d, min(minDigits, len(d))) {
				return true
			}
		case Code:
			if d := asDigits(x.Text); d != "" && len(d) >= minDigits && fragmentIn(digits, d, len(d)) {
				return true
			}
		}
	}
	return false
}

// idGrams are the grams of an id (see roll), with a filter over them:
// InID rolls each credential over them, the matcher's way reversed, since
// an id is short and the credentials are not.
type idGrams struct {
	id     string
	keys   []uint64
	filter gramFilter
	// bytes has bit c set for every byte c of the id, lowercased: a
	// credential's window with a byte outside it cannot be in the id, and
	// is not looked up.
	bytes [4]uint64
}

// newIDGrams returns the grams of id, kept in keys if it is large enough.
func newIDGrams(id string, keys []uint64) idGrams {
	g := idGrams{id: id, keys: keys}
	var key uint64
	for i := 0; i < len(id); i++ {
		c := lower(id[i])
		g.bytes[c/64] |= 1 << (c % 64)
		if key = roll(key, id[i]); i >= MinCredentialFragment-1 {
			g.keys = append(g.keys, key)
			g.filter.add(key)
		}
	}
	return g
}

// credentialIn reports whether the id holds MinCredentialFragment bytes in a
// row of c, in any case, or the whole of a shorter c.
func (g *idGrams) credentialIn(c string) bool {
	if len(c) < MinCredentialFragment {
		for i := 0; c != "" && i+len(c) <= len(g.id); i++ {
			if strings.EqualFold(g.id[i:i+len(c)], c) {
				return true
			}
		}
		return false
	}
	var key uint64
	run := 0 // how many bytes of c up to i are bytes of the id
	for i := 0; i < len(c); i++ {
		key = roll(key, c[i])
		if b := lower(c[i]); g.bytes[b/64]&(1<<(b%64)) == 0 {
			run = 0
			continue
		}
		if run++; run >= MinCredentialFragment && g.filter.has(key) && slices.Contains(g.keys, key) {
			return true
		}
	}
	return false
}

// idDigits appends the digits of id's written numbers to buf as ASCII
// digits, each number followed by a space.
func idDigits(id string, buf []byte) []byte {
	// The ids providers send are ASCII: their digits are read here, byte
	// by byte, as the scanner reads ASCII (a '+' only ends a run), without
	// a call per digit.
	inRun, gap, start := false, 0, len(buf)
	for i := 0; i < len(id); i++ {
		switch byteClass[id[i]] {
		case classDigit:
			if !inRun && len(buf) > 0 {
				buf = append(buf, ' ')
			}
			buf = append(buf, id[i])
			inRun, gap = true, 0
		case classSeparator:
			if gap++; gap > MaxSeparators {
				inRun = false
			}
		case classNonASCII:
			return scanIDDigits(id, buf[:start])
		default: // classOther, classPlus
			inRun = false
		}
	}
	return append(buf, ' ')
}

// scanIDDigits is idDigits for any text, digits of any script included.
func scanIDDigits(id string, buf []byte) []byte {
	sc := newDigitScanner(id)
	for {
		d, ok := sc.next()
		if !ok {
			return append(buf, ' ')
		}
		if d.newRun && len(buf) > 0 {
			buf = append(buf, ' ')
		}
		buf = append(buf, '0'+d.value)
	}
}

// fragmentIn reports whether digits, as idDigits writes them, hold n digits
// in a row of number, a string of ASCII digits.
func fragmentIn(digits []byte, number string, n int) bool {
	if n > maxWindow {
		for i := 0; i+n <= len(digits); i++ {
			if strings.Contains(number, string(digits[i:i+n])) {
				return true
			}
		}
		return false
	}
	// Compare the windows as numbers: those of number, then a rolling one
	// over digits.
	var buf [32]uint64
	windows := buf[:0]
	var w uint64
	for i := 0; i < len(number); i++ {
		if w = w*10 + uint64(number[i]-'0'); i >= n-1 {
			windows = append(windows, w)
			w -= uint64(number[i-n+1]-'0') * pow10[n-1]
		}
	}
	w = 0
	count := 0
	for i, c := range digits {
		if c == ' ' {
			w, count = 0, 0
			continue
		}
		if w, count = w*10+uint64(c-'0'), count+1; count < n {
			continue
		}
		for _, x := range windows {
			if x == w {
				return true
			}
		}
		w -= uint64(digits[i-n+1]-'0') * pow10[n-1]
	}
	return false
}

// maxWindow is the longest window fragmentIn compares as a number.
const maxWindow = 19

// pow10 holds the powers of ten up to 10^(maxWindow-1).
var pow10 = func() (p [maxWindow]uint64) {
	p[0] = 1
	for i := 1; i < maxWindow; i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// asDigits returns the ASCII digits of a Number or Code secret: its text as
// the Add methods record it or, for a Secret written otherwise, its digits.
func asDigits(text string) string {
	if allASCIIDigits(text) {
		return text
	}
	return digitsOf(text)
}
