package bulk

import (
	"time"

	"github.com/smskit/sms"
)

// Options configures Send.
type Options struct {
	// Template is every message's template (sms.Message.Template).
	Template string
	// Reference is every message's reference (sms.Message.Reference,
	// Aliyun OutId); optional.
	Reference string
	// CallsPerSecond caps the calls made, batch or single (Aliyun's account
	// cap is about 5,000 a second, shared with everything else on the
	// account). Required.
	CallsPerSecond float64
	// Burst is how many calls may start at once after an idle moment;
	// zero means 1.
	Burst int
	// Concurrency is how many calls may be in flight at once; zero means
	// DefaultConcurrency.
	Concurrency int
	// BatchSize is the most recipients per batch call; zero means the
	// sender's BatchLimit, and a larger value is lowered to it.
	BatchSize int
	// NoBatch sends every recipient with Send, through the whole stack,
	// even when the sender has the batch capability.
	NoBatch bool
	// Journal, when set, makes the run resumable (see Journal).
	Journal *Journal
	// Progress, when set, is called with the run's state at most once per
	// ProgressInterval, and once at the end with Done set. Calls never
	// overlap; a slow callback slows the run.
	Progress func(Progress)
	// ProgressInterval is the least time between two Progress calls;
	// zero means one second.
	ProgressInterval time.Duration
	// Total is the number of recipients expected, for Progress.ETA; zero
	// means unknown.
	Total int64
	// Now is the clock of Progress; nil means time.Now. (The pace is kept
	// by golang.org/x/time/rate on the real clock.)
	Now func() time.Time
}

// DefaultConcurrency is the default of Options.Concurrency.
const DefaultConcurrency = 16

// check returns an error for options that cannot work.
func (o *Options) check() error {
	switch {
	case o.Template == "":
		return sms.NewOptionsError("bulk", "no Template")
	case !(o.CallsPerSecond > 0):
		return sms.NewOptionsError("bulk", "CallsPerSecond must be more than zero")
	case o.Burst < 0 || o.Concurrency < 0 || o.BatchSize < 0 || o.ProgressInterval < 0 || o.Total < 0:
		return sms.NewOptionsError("bulk", "negative Burst, Concurrency, BatchSize, ProgressInterval or Total")
	}
	return nil
}
