package fake_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/internal/senderkit/senderkittest"
)

// BenchmarkSend measures one accepted send:
//
//   - serial: from one goroutine. The Sender keeps every record, so its
//     memory grows with each send: retained-B/op is the heap still held per
//     send after a GC (the Record, its Params copy and its ids), as opposed
//     to B/op, everything allocated;
//   - parallel and scaling: see senderkittest.BenchConcurrent;
//   - normalize: sms.Normalize alone, the part of the cost any provider
//     pays.
func BenchmarkSend(b *testing.B) {
	ctx := context.Background()
	msgs := senderkittest.BenchMessages(2)
	newSender := func(b *testing.B) *fake.Sender {
		s := fake.MustNew(fake.Options{})
		senderkittest.Warm(b, s, msgs)
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
	senderkittest.BenchConcurrent(b, msgs, func(b *testing.B) sms.Sender { return newSender(b) })
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
