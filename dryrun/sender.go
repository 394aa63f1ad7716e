package dryrun

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/senderkit"
)

// DefaultProvider is the provider name a Sender reports when
// Options.Provider is empty.
const DefaultProvider = "dryrun"

// DefaultKeep is how many recent messages a Sender keeps when Options.Keep
// is zero.
const DefaultKeep = 100

// Options configures a Sender. The zero value is ready to use: it checks
// what every provider checks (sms.Normalize and the size limits) and
// accepts any template name as a provider's code.
type Options struct {
	// Provider is the name reported in Result.Provider and Error.Provider,
	// such as the provider the Sender stands in for. Empty means
	// DefaultProvider ("dryrun").
	Provider string
	// DefaultRegion is the region of numbers written without a country
	// code, for messages and for the numbers given to Last, SentTo, Code and
	// the Handler. Empty means Rules.DefaultRegion, then sms.DefaultRegion
	// ("CN").
	DefaultRegion string
	// Rules are the rules of the provider the Sender stands in for, the
	// Rules of its options (aliyun.Options.Rules, twilio.Options.Rules):
	// with them, a message the provider would refuse is
	// refused in staging with the same error. Rules.CheckMessage is the
	// place for a check of your own. The zero value is
	// sms.Rules{Provider: "dryrun"}. Rules.Provider is only the default of
	// Rules.TemplateKey: errors name Provider.
	Rules sms.Rules
	// Templates are the application's declared templates, as given to the
	// provider: a message that names none of them (a typo), or whose params
	// are not its template's variables, is refused.
	Templates []sms.Template
	// Logger receives one line per accepted message. Nil means
	// slog.Default(), looked up at each send.
	Logger *slog.Logger
	// Keep is how many of the most recent accepted messages are kept for
	// Records, Messages, Last, SentTo, Code and Handler. Zero means
	// DefaultKeep (100); a negative Keep keeps none. Memory grows with use
	// up to Keep records on each core that sends (at most GOMAXPROCS times
	// Keep, about 250 bytes each): sends on different cores keep their
	// records apart, so that they do not wait for each other, and the
	// readers return the last Keep of them all.
	Keep int
	// Now is the clock that stamps each Record. Nil means time.Now.
	Now func() time.Time
}

// Sender is an sms.Sender that validates like a provider and delivers
// nothing. It is safe for concurrent use: a send takes one short critical
// section (keeping its Record) under the lock of one of several rings, in
// the common case the one last used on the same core, so that sends on
// different cores do not wait for each other; readers merge the rings in
// the order the sends were kept. The zero value is not usable, call New.
//
// Sender implements sms.TemplateChecker (CheckTemplate). It wraps nothing:
// it has no Unwrap.
type Sender struct {
	// Read by every send, written only by New.
	base   senderkit.Base
	logger *slog.Logger
	keep   int
	// shards number the messages and hold the recent records, each up to
	// keep of them: Records and the others merge them by order
	// (Sender.snapshot).
	shards *senderkit.Shards[ring]

	_ senderkit.CacheLinePad
	// order counts the records kept, under their shard's lock: the order of
	// the records of all shards, whatever the resolution of the clock (one
	// counter, the one memory every send writes).
	order atomic.Uint64
	_     senderkit.CacheLinePad
}

var _ sms.TemplateChecker = (*Sender)(nil)

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
	keep := opts.Keep
	if keep == 0 {
		keep = DefaultKeep
	}
	return &Sender{base: base, logger: opts.Logger, keep: max(keep, 0), shards: senderkit.NewShards[ring]()}, nil
}

// Send does everything a provider does before it would deliver msg, then
// delivers nothing:
//
//   - msg and ctx are checked by sms.Validator.Prepare, with Options.Rules
//     and Options.Templates: a nil context is an InvalidArgument, one that
//     already ended a Canceled or DeadlineExceeded; an invalid message, an
//     undeclared template, params that are not its variables, sizes over
//     the provider's limits and a template kind that does not suit the
//     number are InvalidArgument. Each is an *sms.Error, not accepted,
//     naming the Sender's provider: the error the provider would return.
//   - an accepted message is logged at Info as one line, "sms dry run", with
//     the provider, the message id and the message masked by its LogValue
//     (never its params or body), through the context-taking slog method so
//     that handlers see ctx; it is kept for Records, Messages, Last, SentTo,
//     Code and Handler.
//
// The Result has DryRun true and a unique MessageID starting with "dryrun-",
// cut from a string that holds the ids of 64 sends (one allocation for 64):
// keeping one id keeps about 1.5 KB.
// Refused messages are not logged: their error is returned, for the logging
// middleware to report.
func (s *Sender) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	p, err := s.base.Validator.Prepare(ctx, msg)
	if err != nil {
		return sms.Result{}, senderkit.Own(err, s.base.Provider)
	}
	norm := p.Message
	var r kept
	if s.keep > 0 {
		// The ring keeps its own copy of the params (senderkit.Keep).
		r.msg, r.time = senderkit.Keep(norm), s.base.Now()
	}
	sh := s.shards.Lock()
	seq, id := s.number(sh)
	r.seq, r.order = seq, s.order.Add(1)
	sh.Value.add(&r, s.keep)
	s.shards.Unlock(sh, r.order)
	res := sms.Result{Provider: s.base.Provider, MessageID: id, DryRun: true}

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
		// sms.Message.LogValue masks it. Resolved here, as the handler
		// would: the line holds nothing of the caller's Params map, which
		// the caller may change once Send returns.
		slog.Any("message", norm.LogValue()),
	)
	return res, nil
}

// idBlock is how many MessageIDs a shard formats at once, in one
// allocation (senderkit.IDs.MessageIDs). A caller that keeps one id keeps
// the block it was cut from, about 1.5 KB.
const idBlock = 64

// number returns the next sequence number of shard sh, whose lock the
// caller holds, and its MessageID. The number is unique among the Sender's
// shards: shard i hands out only the numbers that leave i when divided by
// the number of shards.
func (s *Sender) number(sh *senderkit.Shard[ring]) (uint64, string) {
	r, n := &sh.Value, uint64(s.shards.Len())
	seq := r.sent*n + uint64(sh.Index()) + 1
	r.sent++
	l := s.base.IDs.MessageIDLen()
	if r.ids == "" {
		r.ids = s.base.IDs.MessageIDs(seq, n, idBlock)
	}
	id := r.ids[:l]
	r.ids = r.ids[l:]
	return seq, id
}

// result returns the Result of the send numbered seq.
func (s *Sender) result(seq uint64) sms.Result {
	return sms.Result{Provider: s.base.Provider, MessageID: s.base.IDs.MessageID(seq), DryRun: true}
}

// CheckTemplate implements sms.TemplateChecker with the Validator of
// Options.Rules and Options.Templates, as the provider does (see
// sms.Validator.CheckTemplate): routers call it at construction.
func (s *Sender) CheckTemplate(t sms.Template) error {
	return s.base.Validator.CheckTemplate(t)
}
