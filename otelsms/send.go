package otelsms

import (
	"context"
	"errors"
	"sync/atomic"

	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

// Send returns the middleware that records one PRODUCER span and the send
// metrics per logical send. Put it outermost, outside middleware.Retry, so
// that it sees each message once with its final outcome.
func (t *Telemetry) Send() sms.Middleware {
	return func(next sms.Sender) sms.Sender { return &sendLayer{t: t, next: next} }
}

// Attempt returns the middleware that records one CLIENT span per attempt.
// Put it inside middleware.Retry: around the provider, under the whole
// stack. It records no metric.
func (t *Telemetry) Attempt() sms.Middleware {
	return func(next sms.Sender) sms.Sender { return &attemptLayer{t: t, next: next} }
}

// attemptsKey is the context key of a send's attempt counter.
type attemptsKey struct{}

type sendLayer struct {
	t    *Telemetry
	next sms.Sender
}

// Unwrap returns the wrapped Sender (sms.Wrapper).
func (l *sendLayer) Unwrap() sms.Sender { return l.next }

// Send sends msg through the wrapped Sender, in a span.
func (l *sendLayer) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	if ctx == nil {
		return l.next.Send(ctx, msg) // the next layer refuses it
	}
	t := l.t
	start := t.now()
	ctx, span := t.tracer.Start(ctx, t.spanName, t.producer...)
	recording := span.IsRecording()
	var attempts *atomic.Int64
	if recording {
		attempts = new(atomic.Int64)
		ctx = context.WithValue(ctx, attemptsKey{}, attempts)
	}
	res, err := l.next.Send(ctx, msg)
	system := t.system(res, err)
	m := t.measurement(system, err)
	t.duration.Record(ctx, t.now().Sub(start).Seconds(), m.record...)
	t.sent.Add(ctx, 1, m.add...)
	if recording {
		n := int64(res.Attempts)
		if err != nil {
			n = int64(middleware.AttemptsOf(err))
		}
		if n == 0 {
			n = max(attempts.Load(), 1)
		}
		span.SetAttributes(AttemptsKey.Int64(n))
		t.finish(span, msg, res, err, system)
	}
	span.End()
	return res, err
}

type attemptLayer struct {
	t    *Telemetry
	next sms.Sender
}

// Unwrap returns the wrapped Sender (sms.Wrapper).
func (l *attemptLayer) Unwrap() sms.Sender { return l.next }

// Send sends msg through the wrapped Sender, in a span.
func (l *attemptLayer) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	if ctx == nil {
		return l.next.Send(ctx, msg) // the next layer refuses it
	}
	t := l.t
	ctx, span := t.tracer.Start(ctx, t.spanName, t.client...)
	if !span.IsRecording() {
		res, err := l.next.Send(ctx, msg)
		span.End()
		return res, err
	}
	if n, ok := ctx.Value(attemptsKey{}).(*atomic.Int64); ok {
		span.SetAttributes(AttemptKey.Int64(n.Add(1)))
	}
	res, err := l.next.Send(ctx, msg)
	t.finish(span, msg, res, err, t.system(res, err))
	span.End()
	return res, err
}

// finish sets a recording span's name, attributes and status. It reads
// msg.Template only: never the recipient, params, body, sign or reference.
func (t *Telemetry) finish(span trace.Span, msg sms.Message, res sms.Result, err error, system string) {
	if t.provider == "" {
		span.SetName("send " + system)
	}
	span.SetAttributes(
		semconv.MessagingSystemKey.String(system),
		semconv.MessagingOperationName("send"),
		semconv.MessagingOperationTypeSend,
	)
	if msg.Template != "" && len(msg.Template) <= sms.MaxNameLength {
		span.SetAttributes(TemplateKey.String(msg.Template))
	}
	if err == nil {
		if res.MessageID != "" {
			span.SetAttributes(semconv.MessagingMessageID(res.MessageID))
		}
		if res.DryRun {
			span.SetAttributes(DryRunKey.Bool(true))
		}
		return
	}
	span.SetAttributes(
		semconv.ErrorTypeKey.String(errorType(err)),
		MayHaveBeenAcceptedKey.Bool(!sms.IsNotAccepted(err)),
	)
	if e, ok := errors.AsType[*sms.Error](err); ok {
		if e.ProviderCode != "" {
			span.SetAttributes(ProviderCodeKey.String(e.ProviderCode))
		}
		span.SetStatus(codes.Error, e.Error())
		return
	}
	span.SetStatus(codes.Error, errorType(err))
}
