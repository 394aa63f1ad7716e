package senderkittest

import (
	"context"
	"strconv"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/benchkit"
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

// Warm sends every message of msgs to s once, so that each number is parsed
// once, then remembered, before a benchmark measures.
func Warm(b *testing.B, s sms.Sender, msgs [][]sms.Message) {
	b.Helper()
	for _, list := range msgs {
		for _, m := range list {
			if _, err := s.Send(context.Background(), m); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchConcurrent runs two sub-benchmarks of b, each with a sender from
// newSender, sending msgs (BenchMessages(2)):
//
//   - parallel: from GOMAXPROCS goroutines (b.RunParallel), ns/op being wall
//     time per send;
//   - scaling: one goroutine, then two, in alternating rounds of the same
//     run (see benchkit.Scaling): sends/s of each and the ratio 2g/1g,
//     beside the same sends made by each goroutine to a sender of its own
//     (alone-2g/1g).
func BenchConcurrent(b *testing.B, msgs [][]sms.Message, newSender func(b *testing.B) sms.Sender) {
	ctx := context.Background()
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		s := newSender(b)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				if _, err := s.Send(ctx, msgs[i%2][i%16]); err != nil {
					b.Error(err)
					return
				}
				i++
			}
		})
	})
	b.Run("scaling", func(b *testing.B) {
		b.ReportAllocs()
		s := newSender(b)
		own := [2]sms.Sender{newSender(b), newSender(b)}
		benchkit.Scaling(b, func(w, i int) error {
			_, err := s.Send(ctx, msgs[w][i%16])
			return err
		}, func(w, i int) error {
			_, err := own[w].Send(ctx, msgs[w][i%16])
			return err
		})
	})
}
