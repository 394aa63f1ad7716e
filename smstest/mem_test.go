package smstest

import (
	"context"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smskit/sms"
)

// memBackend is a tiny in-memory SMS provider for the suite's own tests.
// Its zero value is a correct, template-based backend; the racy and
// bodyBased fields make it deliberately different.
type memBackend struct {
	// bodyBased makes the backend keep rendered text in Body, with an empty
	// Template, as body-based providers such as Twilio do.
	bodyBased bool
	// racyIDs allocates message ids with an unlocked read-yield-write, so
	// concurrent sends get duplicate ids.
	racyIDs bool
	// racyLog records messages with an unlocked read-yield-write, so
	// concurrent sends lose messages.
	racyLog bool
	// recordsFailures records a message before failing it for an outage or
	// throttling, which the sender then reports as not accepted.
	recordsFailures bool

	outage, throttle atomic.Bool
	hold             Holder

	mu  sync.Mutex
	log []sms.Message
	ids int

	racy racyState
}

// racyState is memBackend's deliberately broken shared state. It uses only
// atomic loads and stores, so it has no data race for -race to report, but
// each update is a separate load and store: a lost update when two callers
// overlap. To make the loss deterministic rather than lucky, the first caller
// waits between its load and its store until a second caller has loaded too.
// The Concurrent case always has a second caller; the time limit only keeps a
// suite that stopped sending concurrently from hanging.
type racyState struct {
	ids, idReaders atomic.Int64
	log            atomic.Pointer[[]sms.Message]
	logReaders     atomic.Int64
}

// overlapLimit bounds how long the first racy update waits for a second.
const overlapLimit = 10 * time.Second

// awaitOverlap counts a caller that has loaded, and makes the first one wait
// until another has loaded too (or overlapLimit passed).
func awaitOverlap(readers *atomic.Int64) {
	if readers.Add(1) > 1 {
		return
	}
	deadline := time.Now().Add(overlapLimit)
	for readers.Load() < 2 && time.Now().Before(deadline) {
		runtime.Gosched()
	}
}

// Received returns a copy of every message the backend accepted.
func (b *memBackend) Received() []sms.Message {
	if b.racyLog {
		if p := b.racy.log.Load(); p != nil {
			return slices.Clone(*p)
		}
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.log)
}

// contextError is the error of a send whose context ended.
func contextError(err error) error {
	e := sms.ContextError(err, true)
	e.Provider = "mem"
	return e
}

// accept takes m, already validated, and returns its id. A held request
// waits for its release, and is not accepted if ctx ended meanwhile.
func (b *memBackend) accept(ctx context.Context, m sms.Message) (string, error) {
	if b.hold.Wait(ctx) {
		if err := ctx.Err(); err != nil {
			return "", contextError(err)
		}
	}
	var fail error
	switch {
	case b.outage.Load():
		fail = &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: "mem", Message: "service unavailable"}
	case b.throttle.Load():
		fail = &sms.Error{Code: sms.RateLimited, NotAccepted: true, Provider: "mem", Message: "throttled"}
	}
	if fail != nil {
		if b.recordsFailures {
			b.record(m)
		}
		return "", fail
	}
	if b.bodyBased {
		m.Body = render(m)
		m.Template, m.Params = "", nil
	}
	id := b.nextID()
	b.record(m)
	return id, nil
}

func (b *memBackend) nextID() string {
	if b.racyIDs {
		n := b.racy.ids.Load()
		awaitOverlap(&b.racy.idReaders)
		b.racy.ids.Store(n + 1)
		return "mem-" + strconv.FormatInt(n+1, 10)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ids++
	return "mem-" + strconv.Itoa(b.ids)
}

// record stores m as received, validated or not.
func (b *memBackend) record(m sms.Message) {
	if b.racyLog {
		var log []sms.Message
		if p := b.racy.log.Load(); p != nil {
			log = slices.Clone(*p)
		}
		awaitOverlap(&b.racy.logReaders)
		log = append(log, m)
		b.racy.log.Store(&log)
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.log = append(b.log, m)
}

// render writes m as body-based providers receive it.
func render(m sms.Message) string {
	var b strings.Builder
	b.WriteString("[" + m.Template + "]")
	for _, k := range slices.Sorted(maps.Keys(m.Params)) {
		b.WriteString(" " + k + "=" + m.Params[k])
	}
	return b.String()
}

// memSender is a correct Sender on a memBackend.
type memSender struct{ backend *memBackend }

func (s memSender) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	if err := ctx.Err(); err != nil {
		return sms.Result{}, contextError(err)
	}
	m, err := sms.Normalize(msg, "")
	if err != nil {
		return sms.Result{}, err
	}
	id, err := s.backend.accept(ctx, m)
	if err != nil {
		return sms.Result{}, err
	}
	return sms.Result{Provider: "mem", MessageID: id}, nil
}

// memHarness returns a Harness for s on b.
func memHarness(b *memBackend, s sms.Sender) *Harness {
	return &Harness{
		Sender:   s,
		Received: b.Received,
		Outage:   b.outage.Store,
		Throttle: b.throttle.Store,
		Hold:     b.hold.Hold,
		Provider: "mem",
	}
}
