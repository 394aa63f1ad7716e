package fake_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
)

// BenchmarkSend measures one accepted send. The Sender keeps every record,
// so its memory grows with each send: retained-B/op is the heap still held
// per send after a GC (the Record, its Params copy and its ids), as opposed
// to B/op, everything allocated. BenchmarkSend/normalize is sms.Normalize
// alone, the part of the cost any provider pays.
func BenchmarkSend(b *testing.B) {
	msg := sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "123456"}}
	ctx := context.Background()
	b.Run("send", func(b *testing.B) {
		b.ReportAllocs()
		s := fake.New(fake.Options{})
		before := heapInUse()
		for b.Loop() {
			if _, err := s.Send(ctx, msg); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(heapInUse()-before)/float64(b.N), "retained-B/op")
		runtime.KeepAlive(s)
	})
	b.Run("normalize", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sms.Normalize(msg, ""); err != nil {
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
