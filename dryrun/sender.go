package dryrun

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/smskit/sms"
)

// DefaultProvider is the provider name a Sender reports when
// Options.Provider is empty.
const DefaultProvider = "dryrun"

// DefaultKeep is how many recent messages a Sender keeps when Options.Keep
// is zero.
const DefaultKeep = 100

// Options configures a Sender. The zero value is ready to use.
type Options struct {
	// Provider is the name reported in Result.Provider and Error.Provider,
	// such as the provider the Sender stands in for. Empty means
	// DefaultProvider ("dryrun").
	Provider string
	// Region is the region of numbers written without a country code, as in
	// sms.Normalize. Empty means sms.DefaultRegion ("CN").
	Region string
	// Logger receives one line per accepted message. Nil means
	// slog.Default(), looked up at each send.
	Logger *slog.Logger
	// Keep is how many of the most recent accepted messages are kept for
	// Messages, Last and Handler. Zero means DefaultKeep (100); a negative
	// Keep keeps none. Memory grows with use up to Keep entries.
	Keep int
	// Now is the clock that stamps each Entry. Nil means time.Now.
	Now func() time.Time
	// Check, when set, is the provider's own validation, run on the
	// normalized message after sms.Normalize: a template name without a
	// provider template code, a param the provider's template lacks. It
	// sees a copy. An error refuses the message (see Sender.Send). The
	// text of a plain error is never printed (the error is wrapped, for
	// errors.Is, as "refused by Check"); return an *sms.Error whose Message
	// says what is wrong, without personal data, to control the text.
	Check func(sms.Message) error
}

// Sender is an sms.Sender that validates like a provider and delivers
// nothing. It is safe for concurrent use; the zero value is not usable, call
// New.
type Sender struct {
	provider string
	region   string
	logger   *slog.Logger
	now      func() time.Time
	check    func(sms.Message) error
	salt     uint64

	mu     sync.Mutex
	seq    uint64
	recent ring
}

// New returns a Sender configured by opts.
func New(opts Options) *Sender {
	s := &Sender{
		provider: opts.Provider,
		region:   opts.Region,
		logger:   opts.Logger,
		now:      opts.Now,
		check:    opts.Check,
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
	keep := opts.Keep
	if keep == 0 {
		keep = DefaultKeep
	}
	s.recent = newRing(keep)
	s.salt = saltFor(s.provider)
	return s
}

// Send does everything a provider does before it would deliver msg, then
// delivers nothing:
//
//   - a context that already ended is a Canceled or DeadlineExceeded
//     *sms.Error, not accepted;
//   - msg is validated and normalized by sms.Normalize, then by
//     Options.Check; a failure is an *sms.Error, not accepted (a Check error
//     that is not an *sms.Error becomes an InvalidArgument);
//   - an accepted message is logged at Info as one line, "sms dry run", with
//     the provider, the message id and the message masked by its LogValue
//     (never its params or body), through the context-taking slog method so
//     that handlers see ctx; it is kept for Messages, Last and Handler.
//
// The Result has DryRun true and a unique MessageID starting with "dryrun-".
// Refused messages are not logged: their error is returned, for the logging
// middleware to report.
func (s *Sender) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	if err := ctx.Err(); err != nil {
		return sms.Result{}, s.own(sms.ContextError(err, true))
	}
	norm, err := sms.Normalize(msg, s.region)
	if err != nil {
		return sms.Result{}, s.own(err)
	}
	norm = cloneMessage(norm)
	if s.check != nil {
		if err := s.check(cloneMessage(norm)); err != nil {
			return sms.Result{}, s.checkError(err)
		}
	}

	res := sms.Result{Provider: s.provider, DryRun: true}
	t := s.now()
	s.mu.Lock()
	s.seq++
	res.MessageID = messageID(s.salt, s.seq)
	s.recent.add(Entry{Message: norm, Time: t, Result: res})
	s.mu.Unlock()

	logger := s.logger
	if logger == nil {
		logger = slog.Default()
	}
	if !logger.Enabled(ctx, slog.LevelInfo) {
		return res, nil
	}
	logger.LogAttrs(ctx, slog.LevelInfo, "sms dry run",
		slog.String("provider", res.Provider),
		slog.String("message_id", res.MessageID),
		slog.Any("message", norm), // sms.Message.LogValue masks it
	)
	return res, nil
}
