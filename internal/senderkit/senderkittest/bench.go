package senderkittest

import (
	"strconv"

	"github.com/smskit/sms"
)

// BenchMessages returns, for each of workers goroutines, 16 login codes to
// numbers of its own, as different users of an application would get.
func BenchMessages(workers int) [][]sms.Message {
	msgs := make([][]sms.Message, workers)
	for w := range msgs {
		for i := range 16 {
			n := strconv.Itoa(w*16 + i)
			msgs[w] = append(msgs[w], LoginCode("+86138"+"00000000"[len(n):]+n, "123456"))
		}
	}
	return msgs
}
