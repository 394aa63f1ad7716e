package dryrun_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
)

func TestLogLineIsMasked(t *testing.T) {
	tests := []struct {
		name    string
		msg     sms.Message
		secrets []string
		want    map[string]any // the "message" group
	}{
		{
			name:    "template with params",
			msg:     sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "492817"}, Reference: "order-9"},
			secrets: []string{"13800138000", "492817"},
			want:    map[string]any{"to": "+86 138****8000", "template": "login_code", "params": float64(1), "reference": "order-9"},
		},
		{
			name:    "body",
			msg:     sms.Message{To: "(201) 555-0123", Body: "Your code is 771204", Sign: "Acme"},
			secrets: []string{"2015550123", "201) 555-0123", "771204", "Your code"},
			want:    map[string]any{"to": "+1 201****123", "sign": "Acme"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			s := newSender(t, dryrun.Options{DefaultRegion: "US", Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
			res, err := s.Send(context.Background(), tt.msg)
			require.NoError(t, err)

			out := buf.String()
			require.Equal(t, 1, strings.Count(out, "\n"), "exactly one line: %s", out)
			for _, secret := range tt.secrets {
				assert.NotContains(t, out, secret)
			}
			var line map[string]any
			require.NoError(t, json.Unmarshal(buf.Bytes(), &line))
			assert.Equal(t, "INFO", line["level"])
			assert.Equal(t, "sms dry run", line["msg"])
			assert.Equal(t, "dryrun", line["provider"])
			assert.Equal(t, res.MessageID, line["message_id"])
			assert.Equal(t, tt.want, line["message"])
		})
	}
}

func TestRefusedMessagesAreNotLogged(t *testing.T) {
	var buf bytes.Buffer
	s := newSender(t, dryrun.Options{Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	_, err := s.Send(context.Background(), loginCode("bad", "1"))
	require.Error(t, err)
	_, err = s.Send(canceled(), loginCode("+8613800138000", "1"))
	require.Error(t, err)
	assert.Empty(t, buf.String())
}

type ctxKey struct{}

// ctxHandler records the context of each record it handles.
type ctxHandler struct {
	slog.Handler
	seen []any
}

func (h *ctxHandler) Handle(ctx context.Context, r slog.Record) error {
	h.seen = append(h.seen, ctx.Value(ctxKey{}))
	return nil
}

func TestLogGetsTheContext(t *testing.T) {
	h := &ctxHandler{Handler: slog.NewJSONHandler(io.Discard, nil)} // enabled at Info
	s := newSender(t, dryrun.Options{Logger: slog.New(h)})
	ctx := context.WithValue(context.Background(), ctxKey{}, "trace-42")
	_, err := s.Send(ctx, loginCode("+8613800138000", "1"))
	require.NoError(t, err)
	assert.Equal(t, []any{"trace-42"}, h.seen, "handlers see the caller's context (trace ids)")
}

func TestNilLoggerUsesTheDefaultAtSendTime(t *testing.T) {
	s := newSender(t, dryrun.Options{}) // before the default changes
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })

	_, err := s.Send(context.Background(), loginCode("+8613800138000", "1"))
	require.NoError(t, err)
	assert.Contains(t, buf.String(), `"msg":"sms dry run"`)
}
