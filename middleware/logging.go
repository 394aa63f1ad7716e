package middleware

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/smskit/sms"
)

// LoggingOptions configures Logging. The zero value logs to slog.Default().
type LoggingOptions struct {
	// Logger receives one record per send. Nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock that times each send. Nil means time.Now.
	Now func() time.Time
	// DefaultRegion is the region of numbers written without a country
	// code, so that "138 0013 8000" is logged as "+86 138****8000" like the
	// same number in E.164. Empty means sms.DefaultRegion.
	DefaultRegion string
}

// Validate reports whether opts can work: a known DefaultRegion. A
// violation wraps sms.ErrInvalidOptions.
func (opts LoggingOptions) Validate() error {
	return checkRegion("LoggingOptions.DefaultRegion", opts.DefaultRegion)
}

// Logging returns a middleware that logs one record per send, with the
// context-taking slog methods so that handlers can add trace ids:
//
//	level=INFO msg="sms sent" provider=aliyun to="+86 138****8000" template=SMS_123456789 message_id=… duration=… attempts=1
//
// The attributes are provider, to (in E.164 when valid, masked), template,
// message_id (on success), duration and attempts (0 when no provider was
// called, or without Retry); a failure adds code, not_accepted and error. The level says what to do: Info when sent; Warn when the message
// was definitely not accepted (rejected, or retryable); Error when it may
// have been accepted, which someone may have to look into. Template params,
// bodies and credentials are never logged, and the error text is that of the
// *sms.Error only, never of what it wraps or of wrappers around it.
//
// Logging panics with an error wrapping sms.ErrInvalidOptions when opts are
// not valid (see Validate).
func Logging(opts LoggingOptions) sms.Middleware {
	mustValid(opts.Validate())
	return newLogging(opts, newTimeSource(opts.Now))
}

// newLogging is Logging on the time source src.
func newLogging(opts LoggingOptions, src *timeSource) sms.Middleware {
	l := logging{logger: opts.Logger, src: src, region: opts.DefaultRegion}
	if l.logger == nil {
		l.logger = slog.Default()
	}
	return func(next sms.Sender) sms.Sender {
		return &logged{logging: l, next: wrapNext(next)}
	}
}

type logging struct {
	logger *slog.Logger
	src    *timeSource
	region string
}

type logged struct {
	logging
	next nextSender
}

// Unwrap returns the Sender l wraps (sms.Wrapper).
func (l *logged) Unwrap() sms.Sender { return l.next.next }

func (l *logged) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	return l.sendWith(ctx, msg, sendState{})
}

func (l *logged) sendWith(ctx context.Context, msg sms.Message, st sendState) (sms.Result, error) {
	start := st.now(l.src)
	var res sms.Result
	err := contextError(ctx)
	if err == nil {
		if l.logger.Enabled(ctx, slog.LevelInfo) {
			// The record will name the recipient whatever happens: parse it
			// once, here, for the layers below as well.
			_, _ = st.parse(msg.To, l.region)
		}
		res, err = l.next.send(ctx, msg, st)
	} else if ctx == nil {
		ctx = context.Background() // for the handler: the record is still written
	}
	level := levelOf(err)
	if !l.logger.Enabled(ctx, level) {
		return res, err
	}
	duration := l.src.now().Sub(start)
	if err == nil {
		l.logger.LogAttrs(ctx, level, "sms sent",
			slog.String("provider", res.Provider),
			slog.String("to", l.recipient(&st, msg.To)),
			slog.String("template", msg.Template),
			slog.String("message_id", res.MessageID),
			slog.Duration("duration", duration),
			slog.Int("attempts", max(res.Attempts, 1)))
		return res, err
	}
	provider, text := "", "error" // text of an error that is not an *sms.Error is never logged
	if e, ok := errors.AsType[*sms.Error](err); ok {
		provider, text = e.Provider, e.Error()
	}
	l.logger.LogAttrs(ctx, level, "sms failed",
		slog.String("provider", provider),
		slog.String("to", l.recipient(&st, msg.To)),
		slog.String("template", msg.Template),
		slog.Duration("duration", duration),
		slog.Int("attempts", AttemptsOf(err)),
		slog.String("code", sms.CodeOf(err).String()),
		slog.Bool("not_accepted", sms.IsNotAccepted(err)),
		slog.String("error", text))
	return res, err
}

// recipient masks to for the log, in E.164 when it is a valid number.
// sendState or sms.ParsePhone's cache holds it parsed already.
func (l *logging) recipient(st *sendState, to string) string {
	if p, err := st.parse(to, l.region); err == nil {
		return p.String()
	}
	return sms.MaskPhone(to)
}

// levelOf is the level of a send's record.
func levelOf(err error) slog.Level {
	switch {
	case err == nil:
		return slog.LevelInfo
	case sms.IsNotAccepted(err):
		return slog.LevelWarn
	}
	return slog.LevelError
}
