package dryrun

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/senderkit"
)

// TestSnapshotMergesShards: records kept in different shards come back in
// the order they were kept, the last Keep of them all, however the
// sends fell on the shards.
func TestSnapshotMergesShards(t *testing.T) {
	s, err := New(Options{Keep: 3})
	require.NoError(t, err)
	if s.shards.Len() < 2 {
		t.Skip("one shard: GOMAXPROCS is 1")
	}
	a, b := s.shards.At(0), s.shards.At(1)
	for i, sh := range []*senderkit.Shard[ring]{a, b, b, a, b, a, a} { // kept 1st..7th
		sh.Value.add(&kept{msg: senderkit.Keep(sms.Message{To: "+8613800138000"}), time: time.Unix(int64(i), 0), order: uint64(i + 1)}, s.keep)
	}
	var order []uint64
	for _, k := range s.snapshot() {
		order = append(order, k.order)
	}
	// Each shard keeps its own last 3 (a: 4 6 7, b: 2 3 5); the Sender's
	// last 3 are 5 6 7.
	assert.Equal(t, []uint64{5, 6, 7}, order)
}

// TestCodeIsTheNewestAcrossShards: a goroutine that sent a code from one
// core, then a new code from another, reads the new one back, with any
// Keep: the shards are merged by the order the records were kept, not by
// shard or by a clock that may tick too rarely to tell them apart.
func TestCodeIsTheNewestAcrossShards(t *testing.T) {
	for _, keep := range []int{100, 1} {
		s, err := New(Options{Keep: keep})
		require.NoError(t, err)
		if s.shards.Len() < 2 {
			t.Skip("one shard: GOMAXPROCS is 1")
		}
		put := func(shard int, code string) {
			sh := s.shards.At(shard)
			sh.Lock()
			seq, _ := s.number(sh)
			k := kept{msg: senderkit.Keep(sms.Message{To: "+8613800138000", Template: "t", Params: map[string]string{"code": code}}),
				seq: seq, order: s.order.Add(1)}
			sh.Value.add(&k, s.keep)
			sh.Unlock()
		}
		put(1, "old")
		put(0, "new")
		code, ok := s.Code("+8613800138000", "code")
		assert.True(t, ok, keep)
		assert.Equal(t, "new", code, "Keep %d", keep)
	}
}

// BenchmarkCriticalSection measures the one critical section of a send,
// keeping its Record in its shard's ring under the shard's lock, alone:
// with BenchmarkSend's serial ns/op it bounds how two goroutines can scale
// were they to meet on one shard (Amdahl: at most 2 / (1 + cs/send)).
func BenchmarkCriticalSection(b *testing.B) {
	b.ReportAllocs()
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	r := kept{msg: senderkit.Keep(sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "1"}})}
	sh := s.shards.At(0)
	for b.Loop() {
		sh.Lock()
		r.seq, _ = s.number(sh)
		r.order = s.order.Add(1)
		sh.Value.add(&r, s.keep)
		sh.Unlock()
	}
}
