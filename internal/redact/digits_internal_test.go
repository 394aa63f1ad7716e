package redact

import (
	"math/rand/v2"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDigitRanges checks the assumption digitValue rests on: every range of
// unicode.Digit has stride 1 and holds whole sets of ten digits, so each
// range starts at a zero.
func TestDigitRanges(t *testing.T) {
	for _, rg := range unicode.Digit.R16 {
		assert.EqualValues(t, 1, rg.Stride, "%U", rg.Lo)
		assert.Zero(t, (int(rg.Hi)-int(rg.Lo)+1)%10, "%U-%U", rg.Lo, rg.Hi)
	}
	for _, rg := range unicode.Digit.R32 {
		assert.EqualValues(t, 1, rg.Stride, "%U", rg.Lo)
		assert.Zero(t, (int(rg.Hi)-int(rg.Lo)+1)%10, "%U-%U", rg.Lo, rg.Hi)
	}
	for r, want := range map[rune]byte{'0': 0, '9': 9, '７': 7, '٣': 3, '۵': 5, '५': 5, '𝟘': 0, '𝟡': 9, '𝟬': 0} {
		got, ok := digitValue(r)
		assert.True(t, ok, "%c", r)
		assert.Equal(t, want, got, "%c", r)
	}
	for _, r := range []rune{'a', '²', '½', 'Ⅷ', '〇', ' '} {
		_, ok := digitValue(r)
		assert.False(t, ok, "%c", r)
	}
}

// TestIDDigits checks how digits group into written numbers: across at most
// two separators, in any script, a '+' before them not a digit.
func TestIDDigits(t *testing.T) {
	got := idDigits("call +86 (138) 0013-8000, or ١٢٣٤ or 𝟙𝟚𝟛 at 12:30, x 1  2   3", nil)
	assert.Equal(t, "8613800138000 1234 123 12 30 12 3 ", string(got))
	assert.Equal(t, " ", string(idDigits("no digits", nil)))
}

// TestIDDigitsFastPathMatchesScanner compares idDigits' ASCII path with the
// digit scanner on random ASCII ids rich in digits, separators and '+'.
func TestIDDigitsFastPathMatchesScanner(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const alphabet = "0123456789 -.()/+xA^_:"
	for range 50000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		id := string(b)
		require.Equal(t, string(scanIDDigits(id, nil)), string(idDigits(id, nil)), "%q", id)
		require.Equal(t, string(scanIDDigits(id, []byte("9"))), string(idDigits(id, []byte("9"))), "%q after a digit", id)
	}
	// Not ASCII: the scanner reads it.
	for _, id := range []string{"١٢٣٤-5", "12 ３4", "x 12"} {
		assert.Equal(t, string(scanIDDigits(id, nil)), string(idDigits(id, nil)), "%q", id)
	}
}
