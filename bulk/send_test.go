package bulk_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/bulk"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// numbers yields n recipients +86138xxxxxxxx, generated one at a time.
func numbers(n int) iter.Seq2[sms.Recipient, error] {
	return func(yield func(sms.Recipient, error) bool) {
		for i := range n {
			if !yield(sms.Recipient{To: fmt.Sprintf("+86138%08d", i), Params: map[string]string{"n": fmt.Sprint(i)}}, nil) {
				return
			}
		}
	}
}

// fastOptions sends "notice" at a pace no test waits for.
func fastOptions() bulk.Options {
	return bulk.Options{Template: "notice", CallsPerSecond: 1e6, Burst: 1000}
}

func TestSendBatchesThroughTheCapability(t *testing.T) {
	f := fake.MustNew(fake.Options{})
	s := middleware.Stack(middleware.StackOptions{})(f) // found through the stack
	sum, err := bulk.Send(context.Background(), s, numbers(250), fastOptions())
	require.NoError(t, err)
	assert.Equal(t, int64(250), sum.Accepted)
	assert.Equal(t, int64(3), sum.Calls, "batches of 100, 100, 50")
	assert.Len(t, f.Records(), 250)
	assert.True(t, sum.Done)
}

func TestSendSinglyWithoutTheCapability(t *testing.T) {
	var inFlight, most, calls atomic.Int64
	s := sms.SenderFunc(func(ctx context.Context, m sms.Message) (sms.Result, error) {
		n := inFlight.Add(1)
		for {
			old := most.Load()
			if n <= old || most.CompareAndSwap(old, n) {
				break
			}
		}
		defer inFlight.Add(-1)
		c := calls.Add(1)
		switch c % 3 {
		case 0:
			return sms.Result{}, &sms.Error{Code: sms.InvalidArgument, NotAccepted: true}
		case 1:
			return sms.Result{}, &sms.Error{Code: sms.Unknown}
		}
		return sms.Result{MessageID: "id"}, nil
	})
	o := fastOptions()
	o.Concurrency = 4
	sum, err := bulk.Send(context.Background(), s, numbers(99), o)
	require.NoError(t, err)
	assert.Equal(t, int64(99), sum.Calls)
	assert.Equal(t, int64(33), sum.Accepted)
	assert.Equal(t, int64(33), sum.NotAccepted)
	assert.Equal(t, int64(33), sum.PossiblyAccepted)
	assert.LessOrEqual(t, most.Load(), int64(4))
}

func TestNoBatchKeepsTheStack(t *testing.T) {
	f := fake.MustNew(fake.Options{})
	var seen atomic.Int64
	mw := func(next sms.Sender) sms.Sender {
		return sms.SenderFunc(func(ctx context.Context, m sms.Message) (sms.Result, error) {
			seen.Add(1)
			return next.Send(ctx, m)
		})
	}
	o := fastOptions()
	o.NoBatch = true
	sum, err := bulk.Send(context.Background(), mw(f), numbers(30), o)
	require.NoError(t, err)
	assert.Equal(t, int64(30), sum.Calls)
	assert.Equal(t, int64(30), seen.Load())
}

func TestProgressOnTheInjectedClock(t *testing.T) {
	clk := testclock.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	s := sms.SenderFunc(func(ctx context.Context, m sms.Message) (sms.Result, error) {
		clk.Advance(100 * time.Millisecond) // each call takes 0.1 s on the clock
		return sms.Result{}, nil
	})
	var reports []bulk.Progress
	o := fastOptions()
	o.Concurrency = 1
	o.Now = clk.Now
	o.Total = 50
	o.Progress = func(p bulk.Progress) { reports = append(reports, p) }
	_, err := bulk.Send(context.Background(), s, numbers(50), o)
	require.NoError(t, err)
	require.Len(t, reports, 6, "one a second (every 10 calls) and the last")
	first := reports[0]
	assert.Equal(t, int64(10), first.Accepted)
	assert.Equal(t, time.Second, first.Elapsed)
	assert.InDelta(t, 10.0, first.Rate(), 1e-9)
	assert.InDelta(t, 10.0, first.CallRate(), 1e-9)
	assert.Equal(t, 4*time.Second, first.ETA())
	last := reports[5]
	assert.True(t, last.Done)
	assert.Equal(t, int64(50), last.Accepted)
	assert.Zero(t, last.ETA())
}

// TestCancellationStopsCleanly: once the cancellation of ctx has returned,
// at most the calls already handed to a worker, and the one job the
// producer may hand over as it sees the cancellation, are made; none after
// Send returns. (It counted every call made once the 20th had begun, and
// failed about once in a hundred runs: the goroutine of the 20th call could
// be paused before its cancel, or inside it, while the other worker went
// on.)
func TestCancellationStopsCleanly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls, afterCancel atomic.Int64
	var canceled atomic.Bool
	s := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		if canceled.Load() {
			afterCancel.Add(1)
		}
		if calls.Add(1) == 20 {
			cancel()
			canceled.Store(true)
		}
		return sms.Result{}, nil
	})
	o := fastOptions()
	o.Concurrency = 2
	sum, err := bulk.Send(ctx, s, numbers(1_000_000), o)
	assert.Equal(t, sms.Canceled, sms.CodeOf(err))
	assert.LessOrEqual(t, afterCancel.Load(), int64(o.Concurrency+1), "calls begun after the cancellation")
	after := calls.Load()
	assert.Equal(t, after, sum.Calls)
	time.Sleep(10 * time.Millisecond) // nothing may call after Send returned
	assert.Equal(t, after, calls.Load())
}

func TestSequenceErrorStops(t *testing.T) {
	bad := errors.New("row 3: bad CSV")
	seq := func(yield func(sms.Recipient, error) bool) {
		for i := range 5 {
			var err error
			if i == 3 {
				err = bad
			}
			if !yield(sms.Recipient{To: fmt.Sprintf("+86138%08d", i)}, err) {
				return
			}
		}
	}
	o := fastOptions()
	o.NoBatch = true
	o.Concurrency = 1
	sum, err := bulk.Send(context.Background(), fake.MustNew(fake.Options{}), seq, o)
	require.ErrorIs(t, err, bad)
	assert.Equal(t, int64(3), sum.Accepted)
}

func TestOptionsRefused(t *testing.T) {
	for _, o := range []bulk.Options{{CallsPerSecond: 1}, {Template: "t"}, {Template: "t", CallsPerSecond: 1, Burst: -1}} {
		_, err := bulk.Send(context.Background(), fake.MustNew(fake.Options{}), numbers(1), o)
		require.ErrorIs(t, err, sms.ErrInvalidOptions)
	}
}

var testKey = []byte("0123456789abcdef0123456789abcdef")

func TestJournalResumesWithoutSendingTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.jsonl")
	j, err := bulk.OpenJournal(path, bulk.JournalOptions{Key: testKey})
	require.NoError(t, err)
	var mu sync.Mutex
	sent := map[string]int{}
	f := fake.MustNew(fake.Options{})
	f.FailWhen(func(m sms.Message) error {
		mu.Lock()
		defer mu.Unlock()
		sent[m.To]++
		switch m.To {
		case "+8613800000003":
			return &sms.Error{Code: sms.Unknown} // possibly accepted
		case "+8613800000004":
			return &sms.Error{Code: sms.Unavailable, NotAccepted: true}
		}
		return nil
	})
	o := fastOptions()
	o.NoBatch = true
	o.Journal = j
	ctx, cancel := context.WithCancel(context.Background())
	first := func(yield func(sms.Recipient, error) bool) { // 10 recipients, then the "crash"
		for r := range numbers(10) {
			if !yield(r, nil) {
				return
			}
		}
		cancel()
	}
	_, err = bulk.Send(ctx, f, first, o)
	require.NoError(t, j.Close())
	// A crash after a "started" line: recipient 10's call may have begun.
	key := func() string {
		j2, _ := bulk.OpenJournal(path, bulk.JournalOptions{Key: testKey})
		defer j2.Close()
		return j2.Key("notice", "+8613800000010")
	}()
	appendLine(t, path, `{"k":"`+key+`","m":"+86138****0010","s":"started"}`+"\n"+`{"k":"0011`) // and a partial line
	_ = err

	j, err = bulk.OpenJournal(path, bulk.JournalOptions{Key: testKey})
	require.NoError(t, err)
	assert.Equal(t, bulk.PossiblyAccepted, j.Lookup("notice", "+8613800000010"))
	assert.Equal(t, bulk.PossiblyAccepted, j.Lookup("notice", "+8613800000003"))
	assert.Equal(t, bulk.NotAccepted, j.Lookup("notice", "+8613800000004"))
	assert.Equal(t, bulk.Accepted, j.Lookup("notice", "+8613800000000"))
	assert.Equal(t, bulk.None, j.Lookup("notice", "+8613800000011"))
	o.Journal = j
	sum, err := bulk.Send(context.Background(), f, numbers(20), o)
	require.NoError(t, err)
	assert.Equal(t, int64(11), sum.Skipped)
	assert.Equal(t, int64(9), sum.Accepted)
	require.NoError(t, j.Close())
	for i := range 20 {
		assert.Equal(t, map[bool]int{true: 0, false: 1}[i == 10], sent[fmt.Sprintf("+86138%08d", i)], i)
	}

	// RetryNotAccepted sends the not-accepted one again, and only it.
	j, err = bulk.OpenJournal(path, bulk.JournalOptions{Key: testKey, RetryNotAccepted: true})
	require.NoError(t, err)
	sum, err = bulk.Send(context.Background(), f, numbers(20), o2(o, j))
	require.NoError(t, err)
	assert.Equal(t, int64(1), sum.Calls)
	assert.Equal(t, 2, sent["+8613800000004"])
	require.NoError(t, j.Close())

	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "13800000")
	assert.True(t, strings.HasSuffix(string(raw), "\n"), "the partial line was dropped")
}

func o2(o bulk.Options, j *bulk.Journal) bulk.Options { o.Journal = j; return o }

func appendLine(t *testing.T, path, s string) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(s)
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

func TestJournalRefusesAShortKey(t *testing.T) {
	_, err := bulk.OpenJournal(filepath.Join(t.TempDir(), "j"), bulk.JournalOptions{Key: []byte("short")})
	require.ErrorIs(t, err, sms.ErrInvalidOptions)
}

func TestReconcileAndRetry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.jsonl")
	j, err := bulk.OpenJournal(path, bulk.JournalOptions{Key: testKey})
	require.NoError(t, err)
	f := fake.MustNew(fake.Options{})
	f.FailWhen(func(m sms.Message) error {
		if m.To == "+8613800000001" || m.To == "+8613800000002" {
			return &sms.Error{Code: sms.Unknown} // possibly accepted
		}
		return nil
	})
	o := fastOptions()
	o.Journal = j
	_, err = bulk.Send(context.Background(), f, numbers(5), o)
	require.NoError(t, err)
	assert.Equal(t, bulk.None, j.Lookup("notice", "+8613800000001"), "a run's lines are not kept in memory")
	require.NoError(t, j.Close())
	j, err = bulk.OpenJournal(path, bulk.JournalOptions{Key: testKey})
	require.NoError(t, err)
	var todo []string
	for r, err := range bulk.ToReconcile(j, "notice", numbers(5)) {
		require.NoError(t, err)
		todo = append(todo, r.To)
	}
	assert.Equal(t, []string{"+8613800000001", "+8613800000002"}, todo)
	require.NoError(t, j.Resolve("notice", "+8613800000001", bulk.Accepted))
	require.NoError(t, j.Resolve("notice", "+8613800000002", bulk.NotAccepted))
	require.Error(t, j.Resolve("notice", "+8613800000002", bulk.Skipped))
	require.NoError(t, j.Close())

	f.FailWhen(nil)
	j, err = bulk.OpenJournal(path, bulk.JournalOptions{Key: testKey, RetryNotAccepted: true})
	require.NoError(t, err)
	defer j.Close()
	sum, err := bulk.Send(context.Background(), f, numbers(5), o2(o, j))
	require.NoError(t, err)
	assert.Equal(t, int64(1), sum.Accepted, "only the one resolved as not accepted")
	assert.Equal(t, int64(4), sum.Skipped)
}

// shortBatch is a faulty batch sender that returns one result too few.
type shortBatch struct{ noopBatch }

func (shortBatch) SendBatch(ctx context.Context, b sms.Batch) ([]sms.BatchResult, error) {
	return make([]sms.BatchResult, len(b.Recipients)-1), nil
}

func TestWrongResultCountIsPossiblyAccepted(t *testing.T) {
	sum, err := bulk.Send(context.Background(), shortBatch{}, numbers(10), fastOptions())
	require.NoError(t, err)
	assert.Equal(t, int64(10), sum.PossiblyAccepted)
}

func TestJournalSync(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.jsonl")
	j, err := bulk.OpenJournal(path, bulk.JournalOptions{Key: testKey, Sync: true})
	require.NoError(t, err)
	o := fastOptions()
	o.Journal = j
	sum, err := bulk.Send(context.Background(), fake.MustNew(fake.Options{}), numbers(120), o)
	require.NoError(t, err)
	assert.Equal(t, int64(120), sum.Accepted)
	require.NoError(t, j.Close())
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, 240, strings.Count(string(raw), "\n"), "a started and an outcome line per recipient")
}

func TestJournalKeepsOnlySMSErrorTexts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.jsonl")
	j, err := bulk.OpenJournal(path, bulk.JournalOptions{Key: testKey})
	require.NoError(t, err)
	s := sms.SenderFunc(func(ctx context.Context, m sms.Message) (sms.Result, error) {
		if m.To == "+8613800000001" {
			return sms.Result{}, &sms.Error{Code: sms.Unavailable, NotAccepted: true, Message: "provider down"}
		}
		return sms.Result{}, fmt.Errorf("a careless sender quotes %s", m.To) // not an *sms.Error
	})
	o := fastOptions()
	o.Journal = j
	sum, err := bulk.Send(context.Background(), s, numbers(3), o)
	require.NoError(t, err)
	assert.Equal(t, int64(1), sum.NotAccepted)
	assert.Equal(t, int64(2), sum.PossiblyAccepted, "an error that is not an *sms.Error may have been accepted")
	require.NoError(t, j.Close())
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(raw), "provider down")
	assert.NotContains(t, string(raw), "careless")
	assert.NotContains(t, string(raw), "13800000")
}
