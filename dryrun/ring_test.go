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
// the order they were stamped, the last Keep of them all, however the
// sends fell on the shards.
func TestSnapshotMergesShards(t *testing.T) {
	s, err := New(Options{Keep: 3})
	require.NoError(t, err)
	if s.shards.Len() < 2 {
		t.Skip("one shard: GOMAXPROCS is 1")
	}
	a, b := s.shards.At(0), s.shards.At(1)
	for i, sh := range []*senderkit.Shard[ring]{a, b, b, a, b, a, a} { // stamps 1..7
		sh.Value.add(&kept{msg: senderkit.Keep(sms.Message{To: "+8613800138000"}), time: time.Unix(int64(i), 0), stamp: uint64(i + 1)}, s.keep)
	}
	var stamps []uint64
	for _, k := range s.snapshot() {
		stamps = append(stamps, k.stamp)
	}
	// Each shard keeps its own last 3 (a: 4 6 7, b: 2 3 5); the Sender's
	// last 3 are 5 6 7.
	assert.Equal(t, []uint64{5, 6, 7}, stamps)
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
		r.stamp = senderkit.Stamp()
		sh.Value.add(&r, s.keep)
		sh.Unlock()
	}
}
