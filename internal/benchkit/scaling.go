// Package benchkit holds benchmark helpers the module's packages share. It
// is internal, for the module's own benchmarks.
package benchkit

import (
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// RoundTime is how long each round of Scaling lasts. The workers are
// started together, once each is running on its thread, and stopped
// together when it has passed; a round's rate is all the calls its workers
// made over that time. So neither waking a worker (tens of microseconds on
// a virtual machine, whose idle vCPU must be woken too) nor a worker
// running alone while the other starts late or has finished counts as
// sending time. Rounds are long because the first milliseconds after an
// idle vCPU wakes run slower (the kernel may place both threads on one CPU
// until it balances them): on this project's machine, the arithmetic
// control read 1.70-1.84x in rounds of 10 ms and 1.83-1.98x in rounds of
// 100 ms; rounds of 2,000 sends timed to the last one read a send sharing
// nothing at all as 1.65-1.73x.
const RoundTime = 100 * time.Millisecond

// Scaling measures how sends scale from one goroutine to two in one run: it
// interleaves rounds of RoundTime of sends from one goroutine and from two
// (see schedule), so that both see the same machine load, and reports each
// configuration's sends per second ("sends/s-1g", "sends/s-2g") and their
// ratio ("2g/1g"). It makes at least b.N sends, counting both; ns/op means
// little, read sends/s.
//
// A ratio near 2 means sends do not wait for each other, but only two idle
// cores can show it. So that a loaded machine is not mistaken for
// contention, each round of sends is followed by the same rounds of two
// controls that share nothing between the workers:
//
//   - a pure computation of about a microsecond (spin): "control-2g/1g" is
//     the most the machine allowed in that run, and "2g/1g-of-control" the
//     sends' ratio divided by it;
//   - when alone is not nil, the same sends made by each worker to a sender
//     of its own (alone(worker, i)): "alone-2g/1g" is how the same work
//     scales when nothing at all is shared, and "2g/1g-of-alone" the sends'
//     ratio divided by it (1: sharing one sender costs nothing). Unlike the
//     computation, it feels what the two cores share below the program
//     (caches, memory bandwidth, and, on a virtual machine, a physical core
//     whose two hardware threads the host may give to both vCPUs at times):
//     a run where it falls short too was short of two free cores.
//
// "cpu-ns/op-1g" and "cpu-ns/op-2g" are the CPU time of the workers'
// threads per send (Linux only): what a send costs when it runs, whatever
// else the machine runs. A send that waits for the other core's cache lines
// or spins on a lock costs more CPU with two workers than with one; on a
// loaded machine the two workers seldom run at the same moment, so this
// shows less of it than two free cores would.
//
// "lock-wait-ns/op-2g" is the time the two workers spent blocked on
// sync.Mutex and sync.RWMutex, and on the runtime's own locks, per send
// (runtime/metrics /sync/mutex/wait/total:seconds), which a loaded machine
// hides less than throughput: it is near zero when sends do not wait for
// each other.
//
// send(worker, i) makes the i-th send of worker 0 or 1; it must be safe for
// concurrent use by the two workers.
func Scaling(b *testing.B, send, alone func(worker, i int) error) {
	b.Helper()
	var took, cpu [rounds][2]time.Duration
	var made [rounds][2]int
	var lockWait time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; {
		for _, step := range schedule {
			g := step.goroutines
			fn := [rounds]func(int, int) error{ofSends: send, ofControl: spin, ofAlone: alone}[step.round]
			switch {
			case fn == nil, step.round == ofSends && done >= b.N:
				continue
			case step.round != ofSends:
				b.StopTimer()
			}
			before := mutexWait()
			n, wall, used := run(b, g, fn)
			if step.round == ofSends {
				done += n
				if g == 2 {
					lockWait += mutexWait() - before
				}
			}
			took[step.round][g-1] += wall
			cpu[step.round][g-1] += used
			made[step.round][g-1] += n
			if step.round != ofSends {
				b.StartTimer()
			}
		}
	}
	b.StopTimer()
	ratio := func(r round) float64 {
		d, n := took[r], made[r]
		if d[0] <= 0 || d[1] <= 0 || n[0] == 0 || n[1] == 0 {
			return 0
		}
		return (float64(n[1]) / d[1].Seconds()) / (float64(n[0]) / d[0].Seconds())
	}
	for g := 1; g <= 2; g++ {
		if took[ofSends][g-1] > 0 {
			b.ReportMetric(float64(made[ofSends][g-1])/took[ofSends][g-1].Seconds(), "sends/s-"+strconv.Itoa(g)+"g")
		}
	}
	if c := cpu[ofSends]; c[0] > 0 && c[1] > 0 {
		b.ReportMetric(float64(c[0].Nanoseconds())/float64(made[ofSends][0]), "cpu-ns/op-1g")
		b.ReportMetric(float64(c[1].Nanoseconds())/float64(made[ofSends][1]), "cpu-ns/op-2g")
	}
	if made[ofSends][1] > 0 {
		b.ReportMetric(float64(lockWait.Nanoseconds())/float64(made[ofSends][1]), "lock-wait-ns/op-2g")
	}
	r := ratio(ofSends)
	if r > 0 {
		b.ReportMetric(r, "2g/1g")
	}
	if c := ratio(ofControl); r > 0 && c > 0 {
		b.ReportMetric(c, "control-2g/1g")
		b.ReportMetric(r/c, "2g/1g-of-control")
	}
	if a := ratio(ofAlone); r > 0 && a > 0 {
		b.ReportMetric(a, "alone-2g/1g")
		b.ReportMetric(r/a, "2g/1g-of-alone")
	}
}

// round is what a round of Scaling runs.
type round int

const (
	ofSends   round = iota // the sends measured
	ofControl              // spin
	ofAlone                // the same sends, each worker to a sender of its own
	rounds                 // how many kinds of rounds there are
)

// schedule is one cycle of rounds, in an order (ABBA) that cancels a drift
// of the machine's load and the carry-over of one round into the next: the
// kernel's scheduler favours a thread that was idle in the round before, so
// a fixed order (1g after 2g, 2g after 1g) would favour one configuration.
var schedule = []struct {
	round      round
	goroutines int
}{
	{ofSends, 1}, {ofSends, 2}, {ofControl, 1}, {ofControl, 2}, {ofAlone, 1}, {ofAlone, 2},
	{ofAlone, 2}, {ofAlone, 1}, {ofControl, 2}, {ofControl, 1}, {ofSends, 2}, {ofSends, 1},
}

// run has g goroutines, each locked to its thread, call fn for RoundTime,
// and returns how many calls they made, the time they were calling, and the
// CPU time their threads used (zero when unknown). Worker 0 starts the round
// once every worker is running, and ends it: the others stop at their next
// call, so that all of them send over the same interval.
func run(b *testing.B, g int, fn func(worker, i int) error) (calls int, wall, cpu time.Duration) {
	var wg sync.WaitGroup
	var ready atomic.Int32
	var start, stop atomic.Bool
	var made [2]int
	var used [2]time.Duration
	for w := range g {
		wg.Go(func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			ready.Add(1)
			var began time.Time
			if w == 0 {
				waitFor(func() bool { return ready.Load() == int32(g) })
				began = time.Now()
				start.Store(true)
			} else {
				waitFor(start.Load)
			}
			before, ok := threadCPU()
			i := 0
			for ; !stop.Load(); i++ {
				if err := fn(w, i); err != nil {
					b.Error("worker " + strconv.Itoa(w) + ": " + err.Error())
					stop.Store(true)
				}
				if w == 0 && i%8 == 7 {
					if d := time.Since(began); d >= RoundTime {
						wall = d
						stop.Store(true)
					}
				}
			}
			made[w] = i
			if w == 0 && wall == 0 { // the round ended early: another worker failed
				wall = time.Since(began)
			}
			if after, ok2 := threadCPU(); ok && ok2 {
				used[w] = after - before
			}
		})
	}
	wg.Wait()
	return made[0] + made[1], wall, used[0] + used[1]
}

// waitFor spins until done returns true, yielding now and then in case
// the goroutine it waits for needs this P (GOMAXPROCS 1).
func waitFor(done func() bool) {
	for i := 1; !done(); i++ {
		if i%1024 == 0 {
			runtime.Gosched()
		}
	}
}

// mutexWait returns the time goroutines of this process have spent
// blocked on sync.Mutex and sync.RWMutex so far.
func mutexWait() time.Duration {
	sample := []metrics.Sample{{Name: "/sync/mutex/wait/total:seconds"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return time.Duration(sample[0].Value.Float64() * 1e9)
}

// spinSink keeps spin's result alive; each worker writes its own slot, far
// from the other's.
var spinSink [2][8]uint64

// spin is the control: about a microsecond of arithmetic that shares
// nothing with the other worker.
func spin(worker, i int) error {
	x := uint64(i) + 1
	for range 400 {
		x ^= x >> 30
		x *= 0xbf58476d1ce4e5b9
		x ^= x >> 27
	}
	spinSink[worker][0] = x
	return nil
}
