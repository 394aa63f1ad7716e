package fake_test

import (
	"context"
	"runtime"
	"strconv"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/internal/benchkit"
)

// benchMessages returns, for each of workers goroutines, 16 login codes to
// numbers of its own, as different users of an application would get.
func benchMessages(workers int) [][]sms.Message {
	msgs := make([][]sms.Message, workers)
	for w := range msgs {
		for i := range 16 {
			n := strconv.Itoa(w*16 + i)
			msgs[w] = append(msgs[w], sms.Message{To: "+86138" + "00000000"[len(n):] + n,
				Template: "login_code", Params: map[string]string{"code": "123456"}})
		}
	}
	return msgs
}

// BenchmarkSend measures one accepted send:
//
//   - serial: from one goroutine. The Sender keeps every record, so its
//     memory grows with each send: retained-B/op is the heap still held per
//     send after a GC (the Record, its Params copy and its ids), as opposed
//     to B/op, everything allocated;
//   - parallel: from GOMAXPROCS goroutines (b.RunParallel), ns/op being wall
//     time per send;
//   - scaling: one goroutine, then two, in alternating rounds of the same
//     run (see benchkit.Scaling): sends/s of each and the ratio 2g/1g;
//   - normalize: sms.Normalize alone, the part of the cost any provider
//     pays.
func BenchmarkSend(b *testing.B) {
	ctx := context.Background()
	msgs := benchMessages(2)
	newSender := func(b *testing.B) *fake.Sender {
		s := fake.MustNew(fake.Options{})
		for _, list := range msgs { // each number is parsed once, then remembered
			for _, m := range list {
				if _, err := s.Send(ctx, m); err != nil {
					b.Fatal(err)
				}
			}
		}
		return s
	}
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		s := newSender(b)
		before := heapInUse()
		i := 0
		for b.Loop() {
			if _, err := s.Send(ctx, msgs[0][i%16]); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(heapInUse()-before)/float64(b.N), "retained-B/op")
		runtime.KeepAlive(s)
	})
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
		benchkit.Scaling(b, func(w, i int) error {
			_, err := s.Send(ctx, msgs[w][i%16])
			return err
		})
	})
	b.Run("normalize", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sms.Normalize(msgs[0][0], ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// heapInUse returns the bytes of live heap objects after a collection.
func heapInUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
