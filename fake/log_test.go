package fake

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/senderkit"
)

func TestLogAcrossChunks(t *testing.T) {
	for _, n := range []int{0, 1, 8, 9, chunkSize - 1, chunkSize, chunkSize + 1, 3*chunkSize + 5} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var l log
			for i := range n {
				l.add(&entry{msg: senderkit.Keep(sms.Message{Reference: strconv.Itoa(i)}), seq: uint64(i + 1)})
			}
			v := l.view()
			for i := range chunkSize + 1 { // appending after the view changes nothing in it
				l.add(&entry{msg: senderkit.Keep(sms.Message{Reference: "later " + strconv.Itoa(i)}), seq: uint64(n + i + 1)})
			}
			require.Equal(t, n, v.n)
			for i := range n {
				assert.Equal(t, strconv.Itoa(i), v.at(i).msg.Message().Reference)
				e, ok := v.find(uint64(i + 1))
				require.True(t, ok)
				assert.Same(t, v.at(i), e)
			}
			_, ok := v.find(uint64(n + 1))
			assert.False(t, ok, "the view ends where it was taken")
			assert.Equal(t, n+chunkSize+1, l.view().n)
			for _, c := range l.chunks[:len(l.chunks)-1] {
				assert.Len(t, c, chunkSize, "every chunk but the last is full")
			}
		})
	}
}

// TestViewMergesShards: records kept in different shards come back in the
// order they were numbered, and the newest match is found whatever shard
// holds it.
func TestViewMergesShards(t *testing.T) {
	var a, b log
	for _, step := range []struct {
		l   *log
		seq uint64
		to  string
	}{{&a, 1, "x"}, {&b, 2, "y"}, {&b, 3, "x"}, {&a, 4, "y"}, {&b, 5, "y"}, {&a, 6, "x"}, {&a, 7, "z"}} {
		step.l.add(&entry{msg: senderkit.Keep(sms.Message{To: step.to}), seq: step.seq})
	}
	v := view{a.view(), b.view()}
	var seqs []uint64
	v.each(func(e *entry) bool {
		seqs = append(seqs, e.seq)
		return true
	})
	assert.Equal(t, []uint64{1, 2, 3, 4, 5, 6, 7}, seqs)
	assert.Equal(t, 7, v.len())
	for to, want := range map[string]uint64{"x": 6, "y": 5, "z": 7} {
		e, ok := v.last(func(e *entry) bool { return e.msg.To() == to })
		require.True(t, ok, to)
		assert.Equal(t, want, e.seq, to)
	}
	_, ok := v.last(func(e *entry) bool { return e.msg.To() == "w" })
	assert.False(t, ok)
}

// BenchmarkCriticalSection measures the one critical section of a send,
// numbering its Record and appending it to its shard under the shard's
// lock, alone: with BenchmarkSend's serial ns/op it bounds how two
// goroutines could scale were they to meet on one shard (Amdahl: at most
// 2 / (1 + cs/send)).
func BenchmarkCriticalSection(b *testing.B) {
	b.ReportAllocs()
	s := MustNew(Options{})
	msg := sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "1"}}
	_, _ = s.Send(context.Background(), msg)
	for b.Loop() {
		s.keep(msg, nil, false)
	}
}
