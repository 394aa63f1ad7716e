package bulk

import (
	"context"
	"iter"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smskit/sms"
	"golang.org/x/time/rate"
)

// job is one call: one recipient (a Send) or a batch (a SendBatch).
type job struct {
	recipients []sms.Recipient
	keys       []string // journal keys, when there is a journal
}

// run is the state of one Send.
type run struct {
	o      Options
	sender sms.Sender
	batch  sms.BatchSender // nil: single sends
	start  time.Time

	accepted, notAccepted, possibly, skipped, calls atomic.Int64

	progressMu   sync.Mutex
	lastProgress time.Time

	errOnce sync.Once
	err     error // the first journal error, which stops the run
	stop    context.CancelFunc
}

// Send sends o.Template to every recipient recipients yields, through s,
// and returns the run's summary.
//
// Recipients are read one at a time, as they are sent: the sequence may be
// longer than memory. When s or a Sender it wraps has the batch capability
// (sms.As[sms.BatchSender]) and o.NoBatch is not set, recipients go in
// batches of o.BatchSize (at most the sender's BatchLimit), one SendBatch
// call each; otherwise each recipient is a Send call on s. Either way the
// calls start at most o.CallsPerSecond a second (golang.org/x/time/rate),
// with at most o.Concurrency in flight.
//
// What applies to each message: a Send goes through s whole, so every
// middleware of the stack applies to every message (per-recipient limits,
// retries, breaker, logging). A SendBatch goes to the Sender that has the
// capability, usually the provider itself: the middleware above it does
// not see the batch, so per-recipient limits, retries and the stack's rate
// limit do not apply to batches (o.CallsPerSecond is their pace, and the
// provider's own checks run for each recipient). Use NoBatch to keep the
// whole stack.
//
// An error from the sequence, or from the journal, stops the run: no new
// call starts, the calls in flight end and are journaled, and Send returns
// the error. Cancelling ctx stops the run the same way; a call in flight
// then ends as its Sender reports (often possibly accepted). Send returns
// only once every goroutine it started has ended.
func Send(ctx context.Context, s sms.Sender, recipients iter.Seq2[sms.Recipient, error], o Options) (Progress, error) {
	if err := o.check(); err != nil {
		return Progress{}, err
	}
	if err := sms.CheckContext(ctx); err != nil {
		return Progress{}, err
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ProgressInterval == 0 {
		o.ProgressInterval = time.Second
	}
	if o.Concurrency == 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Burst == 0 {
		o.Burst = 1
	}
	r := &run{o: o, sender: s, start: o.Now()}
	r.lastProgress = r.start
	size := 1
	if bs, ok := sms.As[sms.BatchSender](s); ok && !o.NoBatch {
		r.batch = bs
		size = bs.BatchLimit()
		if o.BatchSize > 0 && o.BatchSize < size {
			size = o.BatchSize
		}
		size = max(1, min(size, sms.MaxBatchRecipients))
	}

	callCtx := context.WithoutCancel(ctx) // calls in flight end on their own
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r.stop = cancel
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range o.Concurrency {
		wg.Go(func() {
			for j := range jobs {
				r.do(callCtx, j)
			}
		})
	}
	limiter := rate.NewLimiter(rate.Limit(o.CallsPerSecond), o.Burst)
	err := r.produce(ctx, recipients, size, limiter, jobs)
	close(jobs)
	wg.Wait()
	if r.err != nil {
		err = r.err
	}
	p := r.progress()
	p.Done = true
	if o.Progress != nil {
		r.progressMu.Lock()
		o.Progress(p)
		r.progressMu.Unlock()
	}
	return p, err
}

// produce reads the recipients, skips those the journal has, groups the
// others into jobs of size and hands each to a worker once the limiter
// allows a call.
func (r *run) produce(ctx context.Context, recipients iter.Seq2[sms.Recipient, error], size int,
	limiter *rate.Limiter, jobs chan<- job) error {
	cur := job{recipients: make([]sms.Recipient, 0, size)}
	if r.o.Journal != nil {
		cur.keys = make([]string, 0, size)
	}
	flush := func() error {
		if len(cur.recipients) == 0 {
			return nil
		}
		if err := limiter.Wait(ctx); err != nil {
			return sms.ContextError(context.Cause(ctx), true)
		}
		select {
		case jobs <- cur:
		case <-ctx.Done():
			return sms.ContextError(ctx.Err(), true)
		}
		cur = job{recipients: make([]sms.Recipient, 0, size)}
		if r.o.Journal != nil {
			cur.keys = make([]string, 0, size)
		}
		return nil
	}
	var keys *keyer
	if r.o.Journal != nil {
		keys = r.o.Journal.newKeyer()
	}
	for rcpt, err := range recipients {
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return sms.ContextError(ctx.Err(), true)
		}
		if j := r.o.Journal; j != nil {
			k := keys.key(r.o.Template, rcpt.To)
			if j.skip(k) {
				r.skipped.Add(1)
				continue
			}
			cur.keys = append(cur.keys, k)
		}
		cur.recipients = append(cur.recipients, rcpt)
		if len(cur.recipients) == size {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// do makes one job's call, journaled before and after.
func (r *run) do(ctx context.Context, j job) {
	if jr := r.o.Journal; jr != nil {
		numbers := make([]string, len(j.recipients))
		for i, rc := range j.recipients {
			numbers[i] = rc.To
		}
		if err := jr.started(j.keys, numbers); err != nil {
			r.fail(err) // no call without its "started" lines
			return
		}
	}
	var results []sms.BatchResult
	if r.batch != nil {
		b := sms.Batch{Template: r.o.Template, Recipients: j.recipients, Reference: r.o.Reference}
		var err error
		results, err = r.batch.SendBatch(ctx, b)
		if err == nil && len(results) != len(j.recipients) {
			err = &sms.Error{Code: sms.Unknown, Provider: "bulk",
				Message: "SendBatch returned " + strconv.Itoa(len(results)) + " results for " +
					strconv.Itoa(len(j.recipients)) + " recipients: each may have been accepted"}
		}
		if err != nil {
			results = make([]sms.BatchResult, len(j.recipients))
			for i := range results {
				results[i].Err = err
			}
		}
	} else {
		res, err := r.sender.Send(ctx, j.recipients[0].Message(r.o.Template, r.o.Reference))
		results = []sms.BatchResult{{Result: res, Err: err}}
	}
	r.calls.Add(1)
	for _, res := range results {
		switch outcomeOf(res.Err) {
		case Accepted:
			r.accepted.Add(1)
		case NotAccepted:
			r.notAccepted.Add(1)
		default:
			r.possibly.Add(1)
		}
	}
	if jr := r.o.Journal; jr != nil {
		if err := jr.ended(j.keys, results); err != nil {
			r.fail(err)
		}
	}
	r.report()
}

// fail records the run's first journal error and stops the run.
func (r *run) fail(err error) {
	r.errOnce.Do(func() {
		r.err = err
		r.stop()
	})
}

// progress returns the run's state now.
func (r *run) progress() Progress {
	return Progress{
		Accepted:         r.accepted.Load(),
		NotAccepted:      r.notAccepted.Load(),
		PossiblyAccepted: r.possibly.Load(),
		Skipped:          r.skipped.Load(),
		Calls:            r.calls.Load(),
		Total:            r.o.Total,
		Elapsed:          r.o.Now().Sub(r.start),
	}
}

// report calls Options.Progress when ProgressInterval has passed since the
// last call.
func (r *run) report() {
	if r.o.Progress == nil {
		return
	}
	r.progressMu.Lock()
	defer r.progressMu.Unlock()
	now := r.o.Now()
	if now.Sub(r.lastProgress) < r.o.ProgressInterval {
		return
	}
	r.lastProgress = now
	r.o.Progress(r.progress())
}
