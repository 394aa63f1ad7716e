package otelsms_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/otelsms"
)

const (
	number = "+8613800138000"
	code   = "482193"
	body   = "secret body 7731"
	sign   = "signXyz"
	ref    = "ref-9921"
)

var msg = sms.Message{To: number, Template: "login_code", Params: map[string]string{"code": code}, Body: body, Sign: sign, Reference: ref}

var seq atomic.Int64

// next returns msg to a number of its own, so that the stack's
// per-recipient limit never refuses it.
func next() sms.Message {
	m := msg
	m.To = fmt.Sprintf("+86138001%05d", seq.Add(1))
	return m
}

// rig is a stack with telemetry recorded in memory.
type rig struct {
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	tel    *otelsms.Telemetry
	fake   *fake.Sender
	sender sms.Sender
}

func newRig(t *testing.T, provider string) *rig {
	t.Helper()
	r := &rig{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(r.spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r.reader))
	now := time.Unix(1_700_000_000, 0)
	tel, err := otelsms.New(otelsms.Options{Provider: provider, TracerProvider: tp, MeterProvider: mp,
		Now: func() time.Time { now = now.Add(250 * time.Millisecond); return now }})
	require.NoError(t, err)
	r.tel = tel
	r.fake = fake.MustNew(fake.Options{Provider: "aliyun"})
	stack := middleware.Stack(middleware.StackOptions{
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
		Sleep:   func(context.Context, time.Duration) error { return nil },
		Breaker: middleware.BreakerOptions{Name: "aliyun", ConsecutiveFailures: 3, OnStateChange: tel.BreakerStateChanged},
	})
	r.sender = sms.Chain(tel.Send(), stack)(tel.Attempt()(r.fake))
	return r
}

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// split returns the send span and the attempt spans.
func split(t *testing.T, spans []sdktrace.ReadOnlySpan) (sdktrace.ReadOnlySpan, []sdktrace.ReadOnlySpan) {
	t.Helper()
	var send sdktrace.ReadOnlySpan
	var attempts []sdktrace.ReadOnlySpan
	for _, s := range spans {
		switch s.SpanKind() {
		case trace.SpanKindProducer:
			require.Nil(t, send, "one send span")
			send = s
		case trace.SpanKindClient:
			attempts = append(attempts, s)
		}
	}
	require.NotNil(t, send)
	for _, a := range attempts {
		assert.Equal(t, send.SpanContext().SpanID(), a.Parent().SpanID(), "attempts are children of the send")
	}
	return send, attempts
}

// sums returns the sent-messages counter by outcome and the histogram's
// count and sum.
func (r *rig) sums(t *testing.T) (sent map[string]int64, count uint64, sum float64, all []attribute.Set) {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, r.reader.Collect(context.Background(), &rm))
	sent = map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					all = append(all, p.Attributes)
					if m.Name == otelsms.SentMessagesMetric {
						o, _ := p.Attributes.Value(otelsms.OutcomeKey)
						sent[o.AsString()] += p.Value
					}
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					all = append(all, p.Attributes)
					count += p.Count
					sum += p.Sum
				}
			case metricdata.Gauge[int64]:
				for _, p := range d.DataPoints {
					all = append(all, p.Attributes)
				}
			}
		}
	}
	return sent, count, sum, all
}

func TestSendSpans(t *testing.T) {
	r := newRig(t, "aliyun")
	res, err := r.sender.Send(context.Background(), next())
	require.NoError(t, err)

	send, attempts := split(t, r.spans.Ended())
	require.Len(t, attempts, 1)
	assert.Equal(t, "send aliyun", send.Name())
	assert.Equal(t, "send aliyun", attempts[0].Name())
	a := attrs(send)
	assert.Equal(t, "aliyun", a["messaging.system"].AsString())
	assert.Equal(t, "send", a["messaging.operation.type"].AsString())
	assert.Equal(t, "send", a["messaging.operation.name"].AsString())
	assert.Equal(t, res.MessageID, a["messaging.message.id"].AsString())
	assert.Equal(t, "login_code", a[otelsms.TemplateKey].AsString())
	assert.Equal(t, int64(1), a[otelsms.AttemptsKey].AsInt64())
	assert.Equal(t, int64(1), attrs(attempts[0])[otelsms.AttemptKey].AsInt64())
	assert.Equal(t, codes.Unset, send.Status().Code)

	sent, count, sum, _ := r.sums(t)
	assert.Equal(t, map[string]int64{otelsms.OutcomeOK: 1}, sent)
	assert.Equal(t, uint64(1), count)
	assert.InDelta(t, 0.25, sum, 1e-9)
}

func TestSendSpansPerAttempt(t *testing.T) {
	r := newRig(t, "")
	r.fake.FailNext(2, &sms.Error{Code: sms.Unavailable, NotAccepted: true, ProviderCode: "isp.SYSTEM_ERROR"})
	res, err := r.sender.Send(context.Background(), next())
	require.NoError(t, err)
	require.Equal(t, 3, res.Attempts)

	send, attempts := split(t, r.spans.Ended())
	require.Len(t, attempts, 3)
	assert.Equal(t, "send aliyun", send.Name(), "named after the result's provider")
	assert.Equal(t, int64(3), attrs(send)[otelsms.AttemptsKey].AsInt64())
	for i, s := range attempts {
		a := attrs(s)
		assert.Equal(t, int64(i+1), a[otelsms.AttemptKey].AsInt64())
		if i < 2 {
			assert.Equal(t, "unavailable", a["error.type"].AsString())
			assert.False(t, a[otelsms.MayHaveBeenAcceptedKey].AsBool())
			assert.Equal(t, "isp.SYSTEM_ERROR", a[otelsms.ProviderCodeKey].AsString())
			assert.Equal(t, codes.Error, s.Status().Code)
		} else {
			assert.Equal(t, codes.Unset, s.Status().Code)
		}
	}
}

func TestSendFailureOutcomes(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		errorType string
		may       bool
		outcome   string
	}{
		{"may have been accepted", &sms.Error{Code: sms.Unknown}, "unknown", true, otelsms.OutcomeMayHaveBeenAccepted},
		{"not accepted", &sms.Error{Code: sms.PermissionDenied, NotAccepted: true}, "permission_denied", false, otelsms.OutcomeNotAccepted},
		{"quota", &sms.Error{Code: sms.QuotaExceeded, NotAccepted: true}, "quota_exceeded", false, otelsms.OutcomeNotAccepted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, "aliyun")
			r.fake.FailNext(1, tt.err)
			_, err := r.sender.Send(context.Background(), next())
			require.Error(t, err)
			send, _ := split(t, r.spans.Ended())
			a := attrs(send)
			assert.Equal(t, tt.errorType, a["error.type"].AsString())
			assert.Equal(t, tt.may, a[otelsms.MayHaveBeenAcceptedKey].AsBool())
			assert.Equal(t, codes.Error, send.Status().Code)
			sent, _, _, all := r.sums(t)
			assert.Equal(t, map[string]int64{tt.outcome: 1}, sent)
			for _, set := range all {
				if set.HasValue("messaging.system") {
					v, _ := set.Value("error.type")
					assert.Equal(t, tt.errorType, v.AsString())
				}
			}
		})
	}
}

func TestBreakerStateChanges(t *testing.T) {
	r := newRig(t, "aliyun")
	for range 3 {
		r.fake.FailNext(1, &sms.Error{Code: sms.Unavailable, NotAccepted: false})
		_, err := r.sender.Send(context.Background(), next())
		require.Error(t, err)
	}
	_, err := r.sender.Send(context.Background(), next())
	require.ErrorIs(t, err, middleware.ErrCircuitOpen)

	var rm metricdata.ResourceMetrics
	require.NoError(t, r.reader.Collect(context.Background(), &rm))
	var changes int64
	var state int64 = -1
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch m.Name {
			case otelsms.BreakerChangeMetric:
				for _, p := range m.Data.(metricdata.Sum[int64]).DataPoints {
					from, _ := p.Attributes.Value(otelsms.BreakerFromKey)
					to, _ := p.Attributes.Value(otelsms.BreakerToKey)
					assert.Equal(t, "closed", from.AsString())
					assert.Equal(t, "open", to.AsString())
					changes += p.Value
				}
			case otelsms.BreakerStateMetric:
				for _, p := range m.Data.(metricdata.Gauge[int64]).DataPoints {
					name, _ := p.Attributes.Value(otelsms.BreakerNameKey)
					assert.Equal(t, "aliyun", name.AsString())
					state = p.Value
				}
			}
		}
	}
	assert.Equal(t, int64(1), changes)
	assert.Equal(t, int64(middleware.BreakerOpen), state)
	send, attempts := split(t, r.spans.Ended()[len(r.spans.Ended())-1:])
	assert.Empty(t, attempts, "an open breaker stops the attempt before the provider")
	assert.Equal(t, "unavailable", attrs(send)["error.type"].AsString())
}

// TestNeverRecordsPersonalData scans everything recorded, for successes and
// failures, for the number, params, body, sign and reference.
func TestNeverRecordsPersonalData(t *testing.T) {
	r := newRig(t, "")
	_, err := r.sender.Send(context.Background(), next())
	require.NoError(t, err)
	r.fake.FailNext(1, &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Message: "bad number"})
	_, err = r.sender.Send(context.Background(), next())
	require.Error(t, err)

	var texts []string
	for _, s := range r.spans.Ended() {
		texts = append(texts, s.Name(), s.Status().Description)
		for _, kv := range s.Attributes() {
			texts = append(texts, string(kv.Key), kv.Value.String())
		}
		for _, e := range s.Events() {
			texts = append(texts, e.Name)
			for _, kv := range e.Attributes {
				texts = append(texts, kv.Value.String())
			}
		}
	}
	_, _, _, sets := r.sums(t)
	for _, set := range sets {
		for _, kv := range set.ToSlice() {
			texts = append(texts, kv.Value.String())
		}
	}
	all := strings.Join(texts, "\n")
	require.NotEmpty(t, all)
	for _, secret := range []string{"13800", code, body, sign, ref} {
		assert.NotContains(t, all, secret)
	}
}

func TestUnwrap(t *testing.T) {
	r := newRig(t, "aliyun")
	got, ok := sms.As[*fake.Sender](r.sender)
	require.True(t, ok)
	assert.Same(t, r.fake, got)
}

func TestNilContext(t *testing.T) {
	r := newRig(t, "aliyun")
	//lint:ignore SA1012 a nil context is refused, which is what is tested
	_, err := r.sender.Send(nil, next())
	require.Error(t, err)
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
}
