package fake

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIDSourceIsUniqueAndWellFormed(t *testing.T) {
	// mix is a bijection, so uniqueness holds for every sequence number;
	// this checks the formatting keeps it.
	const n = 50_000
	ids := newIDSource("fake")
	seen := make(map[string]struct{}, 2*n)
	for seq := uint64(1); seq <= n; seq++ {
		m, r := ids.message(seq), ids.request(seq)
		if len(m) != len("fake-")+16 || len(r) != len("fake-req-")+16 {
			t.Fatalf("malformed ids %q, %q", m, r)
		}
		seen[m], seen[r] = struct{}{}, struct{}{}
	}
	require.Len(t, seen, 2*n, "no duplicates")
}

func TestHex16(t *testing.T) {
	for x, want := range map[uint64]string{0: "0000000000000000", 0xabc: "0000000000000abc", ^uint64(0): "ffffffffffffffff"} {
		assert.Equal(t, want, hex16(x))
	}
}
