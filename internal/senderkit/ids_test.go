package senderkit

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIDsAreUniqueAndWellFormed(t *testing.T) {
	// mix is a bijection, so uniqueness holds for every sequence number;
	// this checks the formatting keeps it.
	const n = 50_000
	ids := NewIDs("fake-", "fake")
	seen := make(map[string]struct{}, 2*n)
	for seq := uint64(1); seq <= n; seq++ {
		m, r := ids.MessageID(seq), ids.RequestID(seq)
		if !wellFormed(m, "fake-") || !wellFormed(r, "fake-req-") {
			t.Fatalf("malformed ids %q, %q", m, r)
		}
		seen[m], seen[r] = struct{}{}, struct{}{}
	}
	require.Len(t, seen, 2*n, "no duplicates")
}

// wellFormed reports whether id is prefix and 16 lower-case hex digits.
func wellFormed(id, prefix string) bool {
	if len(id) != len(prefix)+16 || id[:len(prefix)] != prefix {
		return false
	}
	for _, c := range id[len(prefix):] {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func TestIDsAreDeterministicPerName(t *testing.T) {
	// The ids the packages' examples print.
	assert.Equal(t, "fake-ec91f8bdfc97bd6c", NewIDs("fake-", "fake").MessageID(1))
	assert.Equal(t, "dryrun-995e82fdeb2283aa", NewIDs("dryrun-", "aliyun").MessageID(1))
	assert.Equal(t, NewIDs("x-", "a").MessageID(7), NewIDs("x-", "a").MessageID(7))
	assert.NotEqual(t, NewIDs("x-", "a").MessageID(7), NewIDs("x-", "b").MessageID(7))
}

func TestFormatPadsWithZeros(t *testing.T) {
	ids := IDs{prefix: "p-"}
	for x, want := range map[uint64]string{0: "p-0000000000000000", 0xabc: "p-0000000000000abc", ^uint64(0): "p-ffffffffffffffff"} {
		assert.Equal(t, want, ids.format("", x))
	}
	assert.Equal(t, "p-req-0000000000000001", ids.format("req-", 1))
}

func TestIDsAllocateOnce(t *testing.T) {
	ids := NewIDs("fake-", "fake")
	assert.Equal(t, 1.0, testing.AllocsPerRun(100, func() { sink = ids.MessageID(42) }))
	assert.Equal(t, 1.0, testing.AllocsPerRun(100, func() { sink, sink2 = ids.Pair(42) }))
}

func TestPairIsMessageAndRequestID(t *testing.T) {
	ids := NewIDs("fake-", "fake")
	for seq := range uint64(100) {
		m, r := ids.Pair(seq)
		assert.Equal(t, ids.MessageID(seq), m)
		assert.Equal(t, ids.RequestID(seq), r)
	}
}

var sink, sink2 string

// TestMessageIDs: a block of ids is the ids of its numbers, one after the
// other.
func TestMessageIDs(t *testing.T) {
	ids := NewIDs("dryrun-", "dryrun")
	for _, tt := range []struct {
		first, step uint64
		n           int
	}{{1, 1, 1}, {1, 1, 64}, {3, 4, 10}, {1 << 40, 7, 5}, {5, 1, 0}} {
		block := ids.MessageIDs(tt.first, tt.step, tt.n)
		require.Len(t, block, tt.n*ids.MessageIDLen())
		for i := range tt.n {
			l := ids.MessageIDLen()
			assert.Equal(t, ids.MessageID(tt.first+uint64(i)*tt.step), block[i*l:(i+1)*l])
		}
	}
}

// TestMessageSeq: MessageSeq finds the number of every id, and refuses what
// no MessageID of these ids looks like.
func TestMessageSeq(t *testing.T) {
	ids := NewIDs("fake-", "fake")
	for _, seq := range []uint64{0, 1, 2, 255, 1 << 32, 1<<64 - 1, 0x5bd1e9955bd1e995} {
		got, ok := ids.MessageSeq(ids.MessageID(seq))
		assert.True(t, ok, seq)
		assert.Equal(t, seq, got)
	}
	for seq := uint64(1); seq < 10_000; seq++ {
		if got, ok := ids.MessageSeq(ids.MessageID(seq)); !ok || got != seq {
			t.Fatalf("MessageSeq(MessageID(%d)) = %d, %v", seq, got, ok)
		}
	}
	id := ids.MessageID(7)
	for _, bad := range []string{"", "fake-", id[:len(id)-1], id + "0", "dryrun-" + id[5:16], "fake-" + strings.ToUpper(id[5:]),
		"fake-00000000000000g0", ids.RequestID(7), "Fake-" + id[5:]} {
		_, ok := ids.MessageSeq(bad)
		assert.False(t, ok, bad)
	}
}
