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
				l.add(Record{Message: sms.Message{Reference: strconv.Itoa(i)}})
			}
			v := l.view()
			for i := range chunkSize + 1 { // appending after the view changes nothing in it
				l.add(Record{Message: sms.Message{Reference: "later " + strconv.Itoa(i)}})
			}
			require.Equal(t, n, v.len())
			for i := range n {
				assert.Equal(t, strconv.Itoa(i), v.at(i).Message.Reference)
			}
			assert.Equal(t, n+chunkSize+1, l.view().len())
			for _, c := range l.chunks[:len(l.chunks)-1] {
				assert.Len(t, c, chunkSize, "every chunk but the last is full")
			}
		})
	}
}
