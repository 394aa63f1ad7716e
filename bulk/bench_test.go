package bulk_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/bulk"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

// noopBatch is a batch sender that accepts everything at once.
type noopBatch struct{}

func (noopBatch) Send(context.Context, sms.Message) (sms.Result, error) {
	return sms.Result{MessageID: "x"}, nil
}

func (noopBatch) BatchLimit() int { return 100 }

func (noopBatch) SendBatch(_ context.Context, b sms.Batch) ([]sms.BatchResult, error) {
	out := make([]sms.BatchResult, len(b.Recipients))
	for i := range out {
		out[i].Result.MessageID = "x"
	}
	return out, nil
}

// cpuTime is the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakHeap samples the heap in use every 20 ms until stop is closed, and
// returns a function that waits for the sampler and gives the peak.
func peakHeap(stop <-chan struct{}) func() uint64 {
	var peak atomic.Uint64
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	})
	return func() uint64 { wg.Wait(); return peak.Load() }
}

// benchRun sends n recipients through s at a cap of limit calls a second
// and reports calls/s over the cap, the peak heap and the CPU per
// recipient (of the whole process: generating the recipients included, and
// the emulator's work when it runs in the process).
func benchRun(b *testing.B, s sms.Sender, n int, limit float64, journaled bool) {
	o := bulk.Options{Template: "notice", CallsPerSecond: limit, Burst: int(limit / 100), Concurrency: 16, BatchSize: benchBatch()}
	for b.Loop() {
		if journaled {
			j, err := bulk.OpenJournal(filepath.Join(b.TempDir(), "j.jsonl"), bulk.JournalOptions{Key: testKey})
			if err != nil {
				b.Fatal(err)
			}
			o.Journal = j
		}
		runtime.GC()
		stop := make(chan struct{})
		peak := peakHeap(stop)
		cpu0, t0 := cpuTime(), time.Now()
		sum, err := bulk.Send(context.Background(), s, numbers(n), o)
		wall, cpu := time.Since(t0), cpuTime()-cpu0
		close(stop)
		if err != nil || sum.Accepted != int64(n) {
			b.Fatalf("%+v %v", sum, err)
		}
		b.ReportMetric(float64(sum.Calls)/wall.Seconds()/limit, "calls/s/cap")
		b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(n)/1000, "cpu-µs/recipient")
		if o.Journal != nil {
			_ = o.Journal.Close()
		}
	}
}

// BenchmarkBulk sends BULK_BENCH_N recipients (default 100,000) in batches
// of 100 at a cap of 2,000 calls a second: to an in-process no-op batch
// sender, without and with a journal (in a temporary directory), and through the aliyun Sender to an in-process aliyuntest
// emulator (which keeps 1,000 messages, so that its memory stays flat
// too). Run it with -benchtime 1x.
func BenchmarkBulk(b *testing.B) {
	n := 100_000
	if v := os.Getenv("BULK_BENCH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("noop", func(b *testing.B) { benchRun(b, noopBatch{}, n, 2000, false) })
	b.Run("noop-journal", func(b *testing.B) { benchRun(b, noopBatch{}, n, 2000, true) })
	b.Run("aliyuntest", func(b *testing.B) {
		srv := aliyuntest.NewServer(aliyuntest.Options{
			Limits:      aliyuntest.Limits{Disabled: true},
			MaxMessages: 1000,
			Templates:   map[string]aliyuntest.Template{crashTemplate: {Text: crashText}},
		})
		defer srv.Close()
		s := crashSender(b, srv.URL)
		defer s.CloseIdleConnections()
		benchRun(b, s, n, 2000, false)
	})
}

// benchBatch is BULK_BENCH_BATCH, the batch size (default 100).
func benchBatch() int {
	n, err := strconv.Atoi(os.Getenv("BULK_BENCH_BATCH"))
	if err != nil {
		return 100
	}
	return n
}
