package inbox

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"

	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

// BenchmarkSendSms64Clients measures the sends per second the inbox
// sustains from 64 concurrent official SDK clients, signature checks
// included (each client signs every request with HMAC-SHA1 and the inbox
// verifies it). Frequency limits are off so that every send is accepted.
func BenchmarkSendSms64Clients(b *testing.B) {
	s := start(b, Config{Aliyun: aliyuntest.Options{Limits: aliyuntest.Limits{Disabled: true}}})
	const clients = 64
	sdks := make([]*dysmsapi.Client, clients)
	for i := range sdks {
		sdks[i] = classicSDK(b)
	}
	var next atomic.Int64
	var failed atomic.Int64
	b.ResetTimer()
	begin := time.Now()
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func(c *dysmsapi.Client, i int) {
			defer wg.Done()
			for n := next.Add(1); n <= int64(b.N); n = next.Add(1) {
				resp, err := classicSend(c, s, fmt.Sprintf("138%08d", n%100000000), "1234")
				if err != nil || resp.Code != "OK" {
					failed.Add(1)
				}
			}
		}(sdks[i], i)
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(begin).Seconds(), "sends/s")
	if failed.Load() > 0 {
		b.Fatalf("%d sends failed", failed.Load())
	}
}

// BenchmarkMemoryAtDefaultRetention reports the heap the inbox holds once
// it is full at its default retention (DefaultMaxMessages messages, kept
// in the inbox and in the emulator's own store).
func BenchmarkMemoryAtDefaultRetention(b *testing.B) {
	for range b.N {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s, err := New(Config{Aliyun: aliyuntest.Options{Limits: aliyuntest.Limits{Disabled: true}}})
		if err != nil {
			b.Fatal(err)
		}
		h := s.Handler()
		for n := range DefaultMaxMessages + 100 {
			sendDirect(b, h, fmt.Sprintf("138%08d", n), "1234")
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB-heap")
		b.ReportMetric(float64(s.store.len()), "messages")
		s.Twilio().Close()
		runtime.KeepAlive(s)
	}
}
