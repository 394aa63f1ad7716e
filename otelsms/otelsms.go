package otelsms

import (
	"errors"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/smskit/sms"
)

// ScopeName is the instrumentation scope of the tracer and meter.
const ScopeName = "github.com/smskit/sms/otelsms"

// The attribute keys of this package, besides the semantic conventions'.
const (
	// MayHaveBeenAcceptedKey is true on a failed send or attempt unless the
	// error says the message was definitely not accepted.
	MayHaveBeenAcceptedKey = attribute.Key("sms.may_have_been_accepted")
	// OutcomeKey is a metric's outcome: "ok", "not_accepted" or
	// "may_have_been_accepted".
	OutcomeKey = attribute.Key("sms.outcome")
	// ProviderCodeKey is the provider's error code (sms.Error.ProviderCode).
	ProviderCodeKey = attribute.Key("sms.provider_code")
	// TemplateKey is Message.Template.
	TemplateKey = attribute.Key("sms.template")
	// AttemptsKey is the number of attempts a send made.
	AttemptsKey = attribute.Key("sms.attempts")
	// AttemptKey is an attempt's number within its send, from 1.
	AttemptKey = attribute.Key("sms.attempt")
	// DryRunKey is true when package dryrun answered.
	DryRunKey = attribute.Key("sms.dry_run")
	// BreakerNameKey, BreakerFromKey and BreakerToKey describe a breaker's
	// change of state.
	BreakerNameKey = attribute.Key("sms.breaker.name")
	BreakerFromKey = attribute.Key("sms.breaker.from")
	BreakerToKey   = attribute.Key("sms.breaker.to")
)

// The outcomes of OutcomeKey.
const (
	OutcomeOK                  = "ok"
	OutcomeNotAccepted         = "not_accepted"
	OutcomeMayHaveBeenAccepted = "may_have_been_accepted"
)

// The metric names.
const (
	DurationMetric      = "messaging.client.operation.duration"
	SentMessagesMetric  = "messaging.client.sent.messages"
	BreakerStateMetric  = "sms.breaker.state"
	BreakerChangeMetric = "sms.breaker.state_changes"
)

// defaultSystem is messaging.system when no provider is known.
const defaultSystem = "sms"

// Options configures New. The zero value records to the global providers
// (otel.GetTracerProvider, otel.GetMeterProvider), which are no-ops until
// the application sets them.
type Options struct {
	// Provider is the provider's name, such as aliyun.Name: the span name's
	// destination and messaging.system. Empty means the name the Result or
	// the *sms.Error gives, after the send (a sampler then sees the name
	// "send").
	Provider string
	// TracerProvider makes the tracer; nil means otel.GetTracerProvider().
	TracerProvider trace.TracerProvider
	// MeterProvider makes the meter; nil means otel.GetMeterProvider().
	MeterProvider metric.MeterProvider
	// Now is the clock of the duration metric; nil means time.Now.
	Now func() time.Time
}

// Telemetry makes the middleware and the breaker hook; one per provider,
// safe for concurrent use.
type Telemetry struct {
	provider string
	spanName string
	tracer   trace.Tracer
	now      func() time.Time

	producer []trace.SpanStartOption
	client   []trace.SpanStartOption

	duration      metric.Float64Histogram
	sent          metric.Int64Counter
	breakerState  metric.Int64Gauge
	breakerChange metric.Int64Counter

	mu      sync.RWMutex
	metrics map[metricKey]*measurement
}

// measurement is one attribute set of the send metrics, as the option
// slices Record and Add take, made once so that a send allocates none.
type measurement struct {
	record []metric.RecordOption
	add    []metric.AddOption
}

// metricKey identifies one attribute set of the send metrics.
type metricKey struct{ system, outcome, errorType string }

// New returns a Telemetry recording to opts' providers, or an error when
// the meter refuses an instrument.
func New(opts Options) (*Telemetry, error) {
	tp := opts.TracerProvider
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	mp := opts.MeterProvider
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	t := &Telemetry{
		provider: opts.Provider,
		spanName: "send",
		tracer:   tp.Tracer(ScopeName),
		now:      opts.Now,
		producer: []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindProducer)},
		client:   []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindClient)},
		metrics:  map[metricKey]*measurement{},
	}
	if t.now == nil {
		t.now = time.Now
	}
	if opts.Provider != "" {
		t.spanName = "send " + opts.Provider
	}
	meter := mp.Meter(ScopeName)
	var errs [4]error
	t.duration, errs[0] = meter.Float64Histogram(DurationMetric, metric.WithUnit("s"),
		metric.WithDescription("Duration of each logical SMS send, all attempts included."),
		metric.WithExplicitBucketBoundaries(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10))
	t.sent, errs[1] = meter.Int64Counter(SentMessagesMetric, metric.WithUnit("{message}"),
		metric.WithDescription("Number of SMS messages the application tried to send, by outcome."))
	t.breakerState, errs[2] = meter.Int64Gauge(BreakerStateMetric, metric.WithUnit("1"),
		metric.WithDescription("State of a circuit breaker: 0 closed, 1 half-open, 2 open."))
	t.breakerChange, errs[3] = meter.Int64Counter(BreakerChangeMetric, metric.WithUnit("{change}"),
		metric.WithDescription("Number of changes of a circuit breaker's state."))
	if err := errors.Join(errs[:]...); err != nil {
		return nil, sms.NewOptionsError("otelsms", "the meter refused an instrument: "+err.Error())
	}
	return t, nil
}

// errorTypes are the error.type values of the sms.Codes: their names with
// "_" for " ".
var errorTypes = func() [sms.DeadlineExceeded + 1]string {
	var types [sms.DeadlineExceeded + 1]string
	for c := range types {
		types[c] = strings.ReplaceAll(sms.Code(c).String(), " ", "_")
	}
	return types
}()

// errorType returns err's error.type.
func errorType(err error) string {
	c := sms.CodeOf(err)
	if c >= 0 && int(c) < len(errorTypes) {
		return errorTypes[c]
	}
	return semconv.ErrorTypeOther.Value.AsString()
}

// outcome returns err's sms.outcome.
func outcome(err error) string {
	switch {
	case err == nil:
		return OutcomeOK
	case sms.IsNotAccepted(err):
		return OutcomeNotAccepted
	}
	return OutcomeMayHaveBeenAccepted
}

// system returns messaging.system for a send that ended with res and err.
func (t *Telemetry) system(res sms.Result, err error) string {
	if t.provider != "" {
		return t.provider
	}
	if res.Provider != "" {
		return res.Provider
	}
	if e, ok := errors.AsType[*sms.Error](err); ok && e.Provider != "" {
		return e.Provider
	}
	return defaultSystem
}

// measurement returns the cached attribute set of one send's metrics.
func (t *Telemetry) measurement(system string, err error) *measurement {
	k := metricKey{system: system, outcome: outcome(err)}
	if err != nil {
		k.errorType = errorType(err)
	}
	t.mu.RLock()
	m, ok := t.metrics[k]
	t.mu.RUnlock()
	if ok {
		return m
	}
	attrs := []attribute.KeyValue{
		semconv.MessagingSystemKey.String(k.system),
		semconv.MessagingOperationName("send"),
		OutcomeKey.String(k.outcome),
	}
	if k.errorType != "" {
		attrs = append(attrs, semconv.ErrorTypeKey.String(k.errorType))
	}
	opt := metric.WithAttributeSet(attribute.NewSet(attrs...))
	m = &measurement{record: []metric.RecordOption{opt}, add: []metric.AddOption{opt}}
	t.mu.Lock()
	t.metrics[k] = m
	t.mu.Unlock()
	return m
}
