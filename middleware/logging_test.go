package middleware_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

func TestLoggingOneLinePerSend(t *testing.T) {
	secret := sms.Message{
		To: "+8613800138000", Template: "SMS_123", Sign: "Acme",
		Params: map[string]string{"code": "482915"}, Body: "your code is 482915",
	}
	tests := []struct {
		name   string
		sender sms.Sender
		want   map[string]any
	}{
		{
			name: "sent",
			sender: sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
				return sms.Result{Provider: "aliyun", MessageID: "biz-1", Attempts: 2}, nil
			}),
			want: map[string]any{"level": "INFO", "msg": "sms sent", "provider": "aliyun", "to": "+86 138****8000",
				"template": "SMS_123", "message_id": "biz-1", "duration": float64(250 * time.Millisecond), "attempts": float64(2)},
		},
		{
			name: "not accepted: warning",
			sender: sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
				return sms.Result{}, &middleware.RetryError{Attempts: 3, Err: unavailable()}
			}),
			want: map[string]any{"level": "WARN", "msg": "sms failed", "provider": "test", "to": "+86 138****8000",
				"template": "SMS_123", "duration": float64(250 * time.Millisecond), "attempts": float64(3),
				"code": "unavailable", "not_accepted": true, "error": "sms: test: unavailable: outage (not accepted)"},
		},
		{
			name: "may have been accepted: error",
			sender: sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
				return sms.Result{}, unknownMaybe()
			}),
			want: map[string]any{"level": "ERROR", "msg": "sms failed", "provider": "test", "to": "+86 138****8000",
				"template": "SMS_123", "duration": float64(250 * time.Millisecond), "attempts": float64(0),
				"code": "unknown", "not_accepted": false, "error": "sms: test: unknown: connection lost after writing (may have been accepted)"},
		},
		{
			name: "foreign error text is never logged",
			sender: sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
				return sms.Result{}, fmt.Errorf("POST https://key:secret@api/?PhoneNumbers=+8613800138000: %w", unavailable())
			}),
			want: map[string]any{"level": "WARN", "msg": "sms failed", "provider": "test", "to": "+86 138****8000",
				"template": "SMS_123", "duration": float64(250 * time.Millisecond), "attempts": float64(0),
				"code": "unavailable", "not_accepted": true, "error": "sms: test: unavailable: outage (not accepted)"},
		},
		{
			name: "not an *sms.Error",
			sender: sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
				return sms.Result{}, errors.New("dial tcp: secret=abc to +8613800138000")
			}),
			want: map[string]any{"level": "ERROR", "msg": "sms failed", "provider": "", "to": "+86 138****8000",
				"template": "SMS_123", "duration": float64(250 * time.Millisecond), "attempts": float64(0),
				"code": "unknown", "not_accepted": false, "error": "error"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			clk := newFakeClock()
			h := slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime})
			inner := sms.SenderFunc(func(ctx context.Context, m sms.Message) (sms.Result, error) {
				clk.Advance(250 * time.Millisecond)
				return tt.sender.Send(ctx, m)
			})
			sender := middleware.Logging(middleware.LoggingOptions{Logger: slog.New(h), Now: clk.Now})(inner)
			_, _ = sender.Send(context.Background(), secret)
			lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
			require.Len(t, lines, 1)
			var got map[string]any
			require.NoError(t, json.Unmarshal([]byte(lines[0]), &got))
			assert.Equal(t, tt.want, got)
			for _, leak := range []string{"13800138000", "482915", "secret", "your code"} {
				assert.NotContains(t, lines[0], leak)
			}
		})
	}
}

func TestLoggingRecipientInE164(t *testing.T) {
	tests := []struct{ to, region, want string }{
		{"+8613800138000", "", "+86 138****8000"},
		{"138 0013 8000", "", "+86 138****8000"},
		{"(202) 555-0143", "US", "+1 202****143"},
		{"12345", "", "****5"}, // invalid: masked as given
	}
	for _, tt := range tests {
		t.Run(tt.to, func(t *testing.T) {
			var buf bytes.Buffer
			logger := slog.New(slog.NewJSONHandler(&buf, nil))
			ok := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) { return sms.Result{}, nil })
			sender := middleware.Logging(middleware.LoggingOptions{Logger: logger, DefaultRegion: tt.region})(ok)
			_, _ = sender.Send(context.Background(), sms.Message{To: tt.to, Template: "t"})
			var got map[string]any
			require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
			assert.Equal(t, tt.want, got["to"])
		})
	}
}

func dropTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// ctxHandler records the context of each record it handles.
type ctxHandler struct {
	slog.Handler
	mu   sync.Mutex
	ctxs []context.Context
}

func (h *ctxHandler) Handle(ctx context.Context, r slog.Record) error {
	h.mu.Lock()
	h.ctxs = append(h.ctxs, ctx)
	h.mu.Unlock()
	return nil
}

func TestLoggingPassesTheContext(t *testing.T) {
	type traceKey struct{}
	h := &ctxHandler{Handler: slog.NewTextHandler(&bytes.Buffer{}, nil)}
	sender := middleware.Logging(middleware.LoggingOptions{Logger: slog.New(h)})(ok)
	ctx := context.WithValue(context.Background(), traceKey{}, "trace-1")
	_, err := sender.Send(ctx, msg)
	require.NoError(t, err)
	require.Len(t, h.ctxs, 1)
	assert.Equal(t, "trace-1", h.ctxs[0].Value(traceKey{}))
}

func TestLoggingRace(t *testing.T) {
	var buf syncBuffer
	sender := middleware.Logging(middleware.LoggingOptions{Logger: slog.New(slog.NewTextHandler(&buf, nil))})(ok)
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			for range 20 {
				_, _ = sender.Send(context.Background(), msg)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 64*20, strings.Count(buf.String(), "\n"))
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
