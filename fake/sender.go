package fake

import (
	"context"
	"sync"
	"time"

	"github.com/smskit/sms"
)

// DefaultProvider is the provider name a Sender reports when Options.Provider
// is empty.
const DefaultProvider = "fake"

// Options configures a Sender. The zero value is ready to use.
type Options struct {
	// Provider is the name reported in Result.Provider and Error.Provider.
	// Empty means DefaultProvider ("fake").
	Provider string
	// Region is the region of numbers written without a country code, as in
	// sms.Normalize. Empty means sms.DefaultRegion ("CN").
	Region string
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
// concurrent use; the zero value is not usable, call New.
//
// Send checks, in this order, what a real provider checks: the context
// (already canceled or expired: Canceled or DeadlineExceeded, not accepted),
// the message (sms.Normalize: InvalidArgument, not accepted), the latency
// (the context ending during it: Canceled or DeadlineExceeded, not
// accepted), and then the scripted failures (FailNext, then FailWhen). A
// message that passes them all is accepted and gets a Result with unique
// ids: "fake-" and 16 hex digits for MessageID, "fake-req-" and 16 hex digits
// for RequestID. The ids are deterministic for a given Provider name, so
// test output is stable.
type Sender struct {
	provider string
	region   string
	now      func() time.Time
	sleep    func(ctx context.Context, d time.Duration) error
	ids      idSource

	mu       sync.Mutex
	latency  time.Duration
	calls    uint64
	records  []Record
	accepted int
	last     int // index in records of the last accepted message, or -1
	changed  chan struct{}
	script   script
}

// New returns a Sender configured by opts.
func New(opts Options) *Sender {
	s := &Sender{
		provider: opts.Provider,
		region:   opts.Region,
		now:      opts.Now,
		sleep:    opts.Sleep,
		latency:  opts.Latency,
		last:     -1,
		changed:  make(chan struct{}),
	}
	if s.provider == "" {
		s.provider = DefaultProvider
	}
	if s.region == "" {
		s.region = sms.DefaultRegion
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.sleep == nil {
		s.sleep = sleepContext
	}
	s.ids = newIDSource(s.provider)
	return s
}

// Send validates and normalizes msg, applies the latency and the scripted
// failures, records the call and returns what a provider would. Every error
// is an *sms.Error naming the Sender's provider.
func (s *Sender) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	seq := s.nextCall()
	norm, invalid := sms.Normalize(msg, s.region)
	if invalid != nil {
		norm = msg // record what the caller passed
	}
	norm = cloneMessage(norm)

	if err := ctx.Err(); err != nil {
		return s.fail(norm, s.own(sms.ContextError(err, true)))
	}
	if invalid != nil {
		return s.fail(norm, s.own(invalid))
	}
	if d := s.Latency(); d > 0 {
		if err := s.sleep(ctx, d); err != nil {
			if ctx.Err() != nil {
				err = ctx.Err()
			}
			return s.fail(norm, s.own(sms.ContextError(err, true)))
		}
	}
	requestID := s.ids.request(seq)
	if err := s.scripted(norm); err != nil {
		return s.fail(norm, s.scriptedError(err, requestID))
	}
	res := sms.Result{Provider: s.provider, MessageID: s.ids.message(seq), RequestID: requestID}
	s.accept(norm, res)
	return res, nil
}

// SetLatency changes how long each later send takes (see Options.Latency).
func (s *Sender) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Latency returns the current latency of a send.
func (s *Sender) Latency() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latency
}

func (s *Sender) nextCall() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	return s.calls
}

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
