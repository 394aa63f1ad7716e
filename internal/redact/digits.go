package redact

import (
	"unicode"
	"unicode/utf8"
)

// digitValue returns the value of r if r is a decimal digit of any script.
// Unicode encodes every script's digits as runs of ten code points from
// zero to nine, so a digit's value is its distance from the start of its
// range in unicode.Digit, modulo ten (TestDigitRanges checks the tables).
func digitValue(r rune) (byte, bool) {
	if r < utf8.RuneSelf {
		if r >= '0' && r <= '9' {
			return byte(r - '0'), true
		}
		return 0, false
	}
	if !unicode.IsDigit(r) {
		return 0, false
	}
	for _, rg := range unicode.Digit.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return byte((r - rune(rg.Lo)) % 10), true
		}
	}
	for _, rg := range unicode.Digit.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return byte((r - rune(rg.Lo)) % 10), true
		}
	}
	return 0, false
}

// isSeparator reports whether r may stand between two digits of one
// written number.
func isSeparator(r rune) bool {
	switch r {
	case ' ', '-', '.', '(', ')', '/',
		'\u00a0', '\u2007', '\u2009', '\u202f', '\u3000', // no-break, figure, thin, narrow no-break, ideographic spaces
		'\u2010', '\u2011', '\u2012', '\u2013', '\u2212', // hyphens, figure and en dashes, minus
		'\uff08', '\uff09', '\uff0d', '\uff0e', '\uff0f': // full-width ( ) - . /
		return true
	}
	return false
}

// isPlus reports whether r is a plus sign that may start a number.
func isPlus(r rune) bool { return r == '+' || r == '\uff0b' }

// digitScanner walks the digits of a text, grouped into written numbers
// (runs): digits separated by at most MaxSeparators separators.
type digitScanner struct {
	text    string
	i       int  // the next byte to read
	inRun   bool // the last digit read may still be continued
	gap     int  // separators read since the last digit
	plusEnd int  // the end of the last '+' read, or -1
	plusAt  int  // its start
}

func newDigitScanner(text string) digitScanner { return digitScanner{text: text, plusEnd: -1} }

// digit is one digit of a text.
type digit struct {
	start, end int  // its bytes
	value      byte // 0-9
	newRun     bool // it starts a run: the previous run, if any, ended
	runStart   int  // for a digit that starts a run: where the run starts, '+' included
}

// The classes of ASCII bytes, for the scanner's fast path.
const (
	classOther = iota
	classDigit
	classSeparator
	classPlus
	classNonASCII
)

// byteClass classifies every byte; bytes of multi-byte runes are
// classNonASCII and decoded.
var byteClass = func() (c [256]uint8) {
	for b := utf8.RuneSelf; b < 256; b++ {
		c[b] = classNonASCII
	}
	for b := '0'; b <= '9'; b++ {
		c[b] = classDigit
	}
	for _, b := range " -.()/" {
		c[b] = classSeparator
	}
	c['+'] = classPlus
	return c
}()

// next returns the next digit, or false at the end of the text.
func (s *digitScanner) next() (digit, bool) {
	for s.i < len(s.text) {
		start := s.i
		switch byteClass[s.text[start]] {
		case classOther:
			s.i++
			s.inRun = false
			continue
		case classDigit:
			s.i++
			return s.digit(start, s.text[start]-'0'), true
		}
		r, w := rune(s.text[start]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s.text[start:])
		}
		s.i += w
		if v, ok := digitValue(r); ok {
			return s.digit(start, v), true
		}
		switch {
		case isSeparator(r):
			if s.gap++; s.gap > MaxSeparators {
				s.inRun = false
			}
		case isPlus(r):
			s.inRun = false
			s.plusAt, s.plusEnd = start, s.i
		default:
			s.inRun = false
		}
	}
	return digit{}, false
}

// digit records a digit of value v that starts at start and ends at s.i.
func (s *digitScanner) digit(start int, v byte) digit {
	d := digit{start: start, end: s.i, value: v, newRun: !s.inRun, runStart: start}
	if d.newRun && s.plusEnd == start {
		d.runStart = s.plusAt
	}
	s.inRun, s.gap = true, 0
	return d
}

// LongDigitRun reports whether s holds a written number (see the package
// documentation) of n or more digits: digits of any script, separated by at
// most MaxSeparators separators such as spaces, dashes, dots and
// parentheses. Unlike HasNumber, it counts the digits of IPv4 addresses too.
func LongDigitRun(s string, n int) bool {
	sc := newDigitScanner(s)
	count := 0
	for {
		d, ok := sc.next()
		if !ok {
			return false
		}
		if d.newRun {
			count = 0
		}
		if count++; count >= n {
			return true
		}
	}
}

// HasNumber reports whether s holds something that may be a phone number: a
// written number of MinNumberDigits or more digits that is not an IPv4
// address. It is Redact(s) != s.
func HasNumber(s string) bool { return Secrets(nil).In(s) }
