package verify

import (
	"crypto/rand"
	"strings"
)

// newCode returns a random code of n characters of alphabet, from
// crypto/rand without modulo bias: a random byte b is used only when it is
// below the largest multiple of len(alphabet) that fits in a byte, so every
// character is equally likely.
func newCode(alphabet string, n int) (string, error) {
	size := len(alphabet)
	limit := 256 - 256%size // bytes at or above limit are rejected
	out := make([]byte, 0, n)
	var buf [2 * MaxCodeLength]byte
	for len(out) < n {
		if _, err := rand.Read(buf[:]); err != nil {
			return "", err
		}
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			out = append(out, alphabet[int(b)%size])
			if len(out) == n {
				break
			}
		}
	}
	return string(out), nil
}

// foldCode returns the code a user typed in the alphabet's case: an
// alphabet without lower-case letters takes lower case as upper case.
func foldCode(alphabet, code string) string {
	if strings.IndexFunc(alphabet, func(r rune) bool { return r >= 'a' && r <= 'z' }) >= 0 {
		return code
	}
	for i := 0; i < len(code); i++ {
		if c := code[i]; c >= 'a' && c <= 'z' {
			return strings.ToUpper(code)
		}
	}
	return code
}

// inAlphabet reports whether every character of code is in alphabet.
func inAlphabet(alphabet, code string) bool {
	for i := 0; i < len(code); i++ {
		if strings.IndexByte(alphabet, code[i]) < 0 {
			return false
		}
	}
	return true
}
