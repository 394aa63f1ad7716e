package redact

import (
	"slices"
	"strings"
)

// ringSize is how many digits of the current run the matcher remembers: the
// longest digit pattern it matches whole.
const ringSize = 32

// gramMask keeps the last MinCredentialFragment bytes of a rolling key.
const gramMask = 1<<(8*MinCredentialFragment) - 1

// matcher is a compiled Secrets: every rule of the package documentation,
// ready to scan a text in a constant number of linear passes.
type matcher struct {
	// strict applies the rules for text; when false (for %#v, whose
	// pointer addresses hold long digit runs) written numbers of unknown
	// digits are not redacted and known numbers are matched whole.
	strict bool
	// grams holds every MinCredentialFragment-byte window of every
	// credential, lowercased, packed into the low bytes of a uint64, sorted;
	// filter is a one-hash Bloom filter over it that skips most lookups.
	grams  []uint64
	filter gramFilter
	// values are matched whole; short credentials among them.
	values []string
	// windows has bit k set when the MinNumberFragment digits of k (0000
	// to 9999) occur in a known number; nil when there is none.
	windows *[10000/64 + 1]uint64
	// patterns are digit strings matched anywhere in a run: codes, and
	// known numbers when not strict.
	patterns []string
}

// compile builds the matcher of s.
func (s Secrets) compile(strict bool) *matcher {
	m := &matcher{strict: strict}
	n := 0
	for _, x := range s {
		if x.Kind == Credential && len(x.Text) >= MinCredentialFragment {
			n += len(x.Text) - MinCredentialFragment + 1
		}
	}
	m.grams = make([]uint64, 0, n)
	for _, x := range s {
		switch x.Kind {
		case Credential:
			if len(x.Text) < MinCredentialFragment {
				m.values = append(m.values, x.Text)
				continue
			}
			var key uint64
			for i := 0; i < len(x.Text); i++ {
				if key = roll(key, x.Text[i]); i >= MinCredentialFragment-1 {
					m.grams = append(m.grams, key)
					m.filter.add(key)
				}
			}
		case Value:
			if len(x.Text) >= MinValueBytes {
				m.values = append(m.values, x.Text)
			}
		case Number:
			d := digitsOf(x.Text)
			if len(d) < MinNumberFragment {
				continue
			}
			if !strict {
				m.patterns = append(m.patterns, d[max(0, len(d)-ringSize):])
				continue
			}
			if m.windows == nil {
				m.windows = new([10000/64 + 1]uint64)
			}
			for i := 0; i+MinNumberFragment <= len(d); i++ {
				k := 0
				for _, c := range []byte(d[i : i+MinNumberFragment]) {
					k = k*10 + int(c-'0')
				}
				m.windows[k/64] |= 1 << (k % 64)
			}
		case Code:
			if d := digitsOf(x.Text); d != "" {
				m.patterns = append(m.patterns, d[max(0, len(d)-ringSize):])
			}
		}
	}
	slices.Sort(m.grams)
	m.grams = slices.Compact(m.grams)
	return m
}

// lower folds an ASCII letter to lower case.
func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// roll returns the key of a gram that ends with c: key, the key of the
// bytes before c, with c lowercased appended and all but the last
// MinCredentialFragment bytes dropped. A key is a gram from the
// MinCredentialFragment-th byte of a text on.
func roll(key uint64, c byte) uint64 { return (key<<8 | uint64(lower(c))) & gramMask }

// gramFilter is a one-hash Bloom filter over gram keys: has is false for
// most keys that were not added, and true for every key that was.
type gramFilter [64]uint64

// filterBit is the bit of a gramFilter for a gram key.
func filterBit(key uint64) uint64 { return (key * 0x9E3779B97F4A7C15) >> 52 }

func (f *gramFilter) add(key uint64) {
	h := filterBit(key)
	f[h/64] |= 1 << (h % 64)
}

func (f *gramFilter) has(key uint64) bool {
	h := filterBit(key)
	return f[h/64]&(1<<(h%64)) != 0
}

// sink receives the spans a scan finds.
type sink struct {
	stop  bool     // only whether anything matches is wanted: stop at the first span
	found bool     // a span was found
	bits  []uint64 // the bytes of the spans, when !stop
	n     int      // the length of the text
}

func (k *sink) span(a, b int) {
	k.found = true
	if k.stop {
		return
	}
	if k.bits == nil {
		k.bits = make([]uint64, (k.n+63)/64)
	}
	for i := a; i < b; i++ {
		k.bits[i/64] |= 1 << (i % 64)
	}
}

func (k *sink) marked(i int) bool { return k.bits[i/64]&(1<<(i%64)) != 0 }

// done reports whether the scan may stop.
func (k *sink) done() bool { return k.stop && k.found }

// scan reports every span of text that m matches to k.
func (m *matcher) scan(text string, k *sink) {
	m.scanCredentials(text, k)
	if k.done() {
		return
	}
	for _, v := range m.values {
		for off := 0; ; {
			j := strings.Index(text[off:], v)
			if j < 0 {
				break
			}
			k.span(off+j, off+j+len(v))
			if k.done() {
				return
			}
			off += j + len(v)
		}
	}
	m.scanDigits(text, k)
}

// scanCredentials finds the windows of text that are credential grams.
func (m *matcher) scanCredentials(text string, k *sink) {
	if len(m.grams) == 0 {
		return
	}
	var key uint64
	for i := 0; i < len(text); i++ {
		if key = roll(key, text[i]); i < MinCredentialFragment-1 || !m.filter.has(key) {
			continue
		}
		if _, ok := slices.BinarySearch(m.grams, key); ok {
			k.span(i+1-MinCredentialFragment, i+1)
			if k.done() {
				return
			}
		}
	}
}

// scanDigits finds written numbers, fragments of known numbers, and
// patterns.
func (m *matcher) scanDigits(text string, k *sink) {
	if !m.strict && len(m.patterns) == 0 {
		return
	}
	sc := newDigitScanner(text)
	var ring [ringSize]digit
	count, window, runStart, lastEnd := 0, 0, 0, 0
	for {
		d, ok := sc.next()
		if !ok || d.newRun {
			if m.strict && count >= MinNumberDigits && !isIPv4(text[runStart:lastEnd]) {
				k.span(runStart, lastEnd)
			}
			if !ok {
				return
			}
			count, window, runStart = 0, 0, d.runStart
		}
		ring[count%ringSize] = d
		count++
		lastEnd = d.end
		window = (window*10 + int(d.value)) % 10000
		if m.windows != nil && count >= MinNumberFragment && m.windows[window/64]&(1<<(window%64)) != 0 {
			k.span(ring[(count-MinNumberFragment)%ringSize].start, d.end)
		}
		for _, p := range m.patterns {
			if count >= len(p) && tailIs(&ring, count, p) {
				k.span(ring[(count-len(p))%ringSize].start, d.end)
			}
		}
		if k.done() {
			return
		}
	}
}

// tailIs reports whether the last len(p) of the count digits in ring are p.
func tailIs(ring *[ringSize]digit, count int, p string) bool {
	for j := 0; j < len(p); j++ {
		if ring[(count-1-j)%ringSize].value != p[len(p)-1-j]-'0' {
			return false
		}
	}
	return true
}

// isIPv4 reports whether s is a dotted-quad IPv4 address ("47.246.136.201"),
// which transport errors quote and which is not a phone number: four groups
// of one to three ASCII digits, each at most 255, joined by single dots.
func isIPv4(s string) bool {
	groups, n, v := 0, 0, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if n == 0 || v > 255 {
				return false
			}
			groups, n, v = groups+1, 0, 0
			continue
		}
		if c := s[i]; c >= '0' && c <= '9' && n < 3 {
			n, v = n+1, v*10+int(c-'0')
			continue
		}
		return false
	}
	return groups == 4
}
