package fake

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/senderkit"
)

// DefaultProvider is the provider name a Sender reports when Options.Provider
// is empty.
const DefaultProvider = "fake"

// Options configures a Sender. The zero value is ready to use: it checks
// what every provider checks (sms.Normalize and the size limits) and
// accepts any template name as a provider's code.
type Options struct {
	// Provider is the name reported in Result.Provider and Error.Provider.
	// Empty means DefaultProvider ("fake").
	Provider string
	// DefaultRegion is the region of numbers written without a country
	// code, for messages and for the numbers given to Last, SentTo, Code and
	// Match. Empty means Rules.DefaultRegion, then sms.DefaultRegion ("CN").
	DefaultRegion string
	// Rules are the rules of the provider the fake stands in for, the
	// Rules of its options (aliyun.Options.Rules, twilio.Options.Rules):
	// with them, a message the provider would refuse is
	// refused here with the same error, before any script runs. The zero
	// value is sms.Rules{Provider: "fake"}. Rules.Provider is only the
	// default of Rules.TemplateKey: errors name Provider.
	Rules sms.Rules
	// Templates are the application's declared templates, as given to the
	// provider: a message that names none of them (a typo), or whose params
	// are not its template's variables, is refused.
	Templates []sms.Template
	// Now is the clock that stamps each Record. Nil means time.Now.
	Now func() time.Time
	// Latency is how long each send takes before the pretend provider
	// answers; SetLatency changes it later. Zero means no wait.
	Latency time.Duration
	// Sleep waits for d, or returns ctx's error early when ctx ends. Tests
	// inject one that returns at once, or blocks on a channel they control,
	// so that no test waits for real time to pass. Nil means a timer that
	// honours ctx.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Sender is an in-memory sms.Sender that records every call. It is safe for
// concurrent use, and a send takes one short critical section (appending its
// Record) under the lock of one of several logs, in the common case the one
// last used on the same core, so tests that send from many goroutines scale
// almost as if each had a Sender of its own (see BENCHMARKS.md). Every
// record is kept until Reset, about 250 bytes each; readers merge the logs
// in the order the sends returned. The zero value is not usable, call New.
//
// Send checks, in this order, what a real provider checks, with
// sms.Validator.Prepare: the context (nil: InvalidArgument; already canceled
// or expired: Canceled or DeadlineExceeded), the message (sms.Normalize, the
// size limits, and Options.Rules and Options.Templates), each failure an
// *sms.Error that is not accepted; then the latency (the context ending
// during it: Canceled or DeadlineExceeded, not accepted), and then the
// scripted failures (FailNext, then FailWhen). A message that passes them
// all is accepted and gets a Result with unique ids: "fake-" and 16 hex
// digits for MessageID, "fake-req-" and 16 hex digits for RequestID. The ids
// are deterministic for a given Provider name, so test output is stable.
//
// Sender implements sms.StatusChecker (see Status) and sms.TemplateChecker
// (CheckTemplate). It wraps nothing: it has no Unwrap.
type Sender struct {
	// Read by every send; written by New, and the scripts by their methods.
	base     senderkit.Base
	sleep    func(ctx context.Context, d time.Duration) error
	latency  atomic.Int64 // time.Duration
	failNext atomic.Pointer[failNext]
	failWhen atomic.Pointer[func(sms.Message) error]
	statusFn atomic.Pointer[func(Record) (sms.Status, error)]
	waiting  atomic.Int32 // WaitFor calls under way
	// shards hold the records, each the records of the sends on one core
	// (see senderkit.Shards); readers merge them by seq (Sender.view).
	shards *senderkit.Shards[log]

	_ senderkit.CacheLinePad
	// seq numbers the sends in the order they are recorded, and gives their
	// ids: one counter, so that the ids of a test's sends are the same in
	// every run.
	seq atomic.Uint64
	_   senderkit.CacheLinePad

	mu      sync.Mutex
	changed chan struct{} // closed on the next change; nil while no WaitFor waits
}

var (
	_ sms.StatusChecker   = (*Sender)(nil)
	_ sms.TemplateChecker = (*Sender)(nil)
)

// New returns a Sender configured by opts, or an error wrapping
// sms.ErrInvalidOptions when opts.Templates cannot work with opts.Rules
// (such as a template without the provider's code).
func New(opts Options) (*Sender, error) {
	base, err := senderkit.New(senderkit.Config{
		Provider:        opts.Provider,
		DefaultProvider: DefaultProvider,
		DefaultRegion:   opts.DefaultRegion,
		Rules:           opts.Rules,
		Templates:       opts.Templates,
		Now:             opts.Now,
	})
	if err != nil {
		return nil, err
	}
	s := &Sender{base: base, sleep: opts.Sleep, shards: senderkit.NewShards[log]()}
	if s.sleep == nil {
		s.sleep = sleepContext
	}
	s.latency.Store(int64(opts.Latency))
	return s, nil
}

// MustNew is New for options known to be valid, such as the zero Options or
// a test's own templates: it panics where New returns an error, as
// regexp.MustCompile does.
func MustNew(opts Options) *Sender {
	s, err := New(opts)
	if err != nil {
		panic(err)
	}
	return s
}

// Send checks and normalizes msg, applies the latency and the scripted
// failures, records the call and returns what a provider would. Every error
// is an *sms.Error naming the Sender's provider.
func (s *Sender) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	p, err := s.base.Validator.Prepare(ctx, msg)
	if err != nil {
		return s.fail(msg, senderkit.Own(err, s.base.Provider))
	}
	norm := p.Message // the record keeps its own copy (senderkit.Keep)
	if d := s.Latency(); d > 0 {
		if err := s.sleep(ctx, d); err != nil {
			if ctx.Err() != nil {
				err = ctx.Err()
			}
			return s.fail(norm, senderkit.Own(sms.ContextError(err, true), s.base.Provider))
		}
	}
	if scripted := s.scripted(norm); scripted != nil {
		err := s.scriptedError(scripted)
		s.keep(norm, err, true)
		return sms.Result{}, err
	}
	return s.result(s.keep(norm, nil, false)), nil
}

// CheckTemplate implements sms.TemplateChecker with the Validator of
// Options.Rules and Options.Templates, as the provider does (see
// sms.Validator.CheckTemplate): routers call it at construction.
func (s *Sender) CheckTemplate(t sms.Template) error {
	return s.base.Validator.CheckTemplate(t)
}

// SetLatency changes how long each later send takes (see Options.Latency).
func (s *Sender) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// Latency returns the current latency of a send.
func (s *Sender) Latency() time.Duration { return time.Duration(s.latency.Load()) }

// sleepContext waits for d or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
