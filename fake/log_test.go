package fake

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

func TestLogAcrossChunks(t *testing.T) {
	for _, n := range []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 3*chunkSize + 5} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var l log
			for i := range n {
				l.add(newEntry(sms.Message{Reference: strconv.Itoa(i)}, Record{}))
			}
			v := l.view()
			for i := range chunkSize + 1 { // appending after the view changes nothing in it
				l.add(newEntry(sms.Message{Reference: "later " + strconv.Itoa(i)}, Record{}))
			}
			require.Equal(t, n, v.len())
			for i := range n {
				assert.Equal(t, strconv.Itoa(i), v.at(i).record().Message.Reference)
			}
			assert.Equal(t, n+chunkSize+1, l.view().len())
			for _, c := range l.chunks[:len(l.chunks)-1] {
				assert.Len(t, c, chunkSize, "every chunk but the last is full")
			}
		})
	}
}

// BenchmarkCriticalSection measures the one critical section of a send,
// appending its Record under the Sender's lock, alone: with BenchmarkSend's
// serial ns/op it bounds how two goroutines can scale (Amdahl: at most
// 2 / (1 + cs/send)).
func BenchmarkCriticalSection(b *testing.B) {
	b.ReportAllocs()
	s := MustNew(Options{})
	r := newEntry(sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "1"}},
		Record{Result: sms.Result{Provider: "fake", MessageID: "fake-0000000000000001"}})
	for b.Loop() {
		s.record(r)
	}
}
