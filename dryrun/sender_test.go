package dryrun_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
)

var idPattern = regexp.MustCompile(`^dryrun-[0-9a-f]{16}$`)

func loginCode(to, code string) sms.Message {
	return sms.Message{To: to, Template: "login_code", Params: map[string]string{"code": code}}
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func expired() context.Context {
	ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	return ctx
}

// newSender is dryrun.New for options that must be valid.
func newSender(t testing.TB, opts dryrun.Options) *dryrun.Sender {
	t.Helper()
	s, err := dryrun.New(opts)
	require.NoError(t, err)
	return s
}

// checkWith returns Rules whose CheckMessage is check.
func checkWith(check func(sms.Prepared) error) sms.Rules {
	return sms.Rules{CheckMessage: check}
}

func TestSend(t *testing.T) {
	denied := &sms.Error{Code: sms.PermissionDenied, NotAccepted: true, ProviderCode: "isv.SMS_TEMPLATE_ILLEGAL"}
	notMapped := errors.New("no provider template for this name")
	tests := []struct {
		name            string
		opts            dryrun.Options
		ctx             context.Context
		msg             sms.Message
		wantProvider    string
		wantTo          string // kept, normalized
		wantCode        sms.Code
		wantNotAccepted bool
		wantIs          error
	}{
		{name: "E.164", msg: loginCode("+8613800138000", "1"), wantProvider: "dryrun", wantTo: "+8613800138000"},
		{name: "national format", msg: loginCode("138-0013-8000", "1"), wantProvider: "dryrun", wantTo: "+8613800138000"},
		{name: "region option", opts: dryrun.Options{DefaultRegion: "US"}, msg: loginCode("201 555 0123", "1"), wantProvider: "dryrun", wantTo: "+12015550123"},
		{name: "region of the rules", opts: dryrun.Options{Rules: sms.Rules{DefaultRegion: "US"}}, msg: loginCode("201 555 0123", "1"), wantProvider: "dryrun", wantTo: "+12015550123"},
		{name: "provider option", opts: dryrun.Options{Provider: "aliyun"}, msg: loginCode("+8613800138000", "1"), wantProvider: "aliyun", wantTo: "+8613800138000"},
		{name: "check passes", opts: dryrun.Options{Rules: checkWith(func(sms.Prepared) error { return nil })}, msg: loginCode("+8613800138000", "1"), wantProvider: "dryrun", wantTo: "+8613800138000"},
		{name: "invalid number", msg: loginCode("12345", "1"), wantProvider: "dryrun", wantCode: sms.InvalidArgument, wantNotAccepted: true, wantIs: sms.ErrInvalidNumber},
		{name: "missing content", msg: sms.Message{To: "+8613800138000"}, wantProvider: "dryrun", wantCode: sms.InvalidArgument, wantNotAccepted: true, wantIs: sms.ErrMissingContent},
		{name: "canceled context", ctx: canceled(), msg: loginCode("+8613800138000", "1"), wantProvider: "dryrun", wantCode: sms.Canceled, wantNotAccepted: true},
		{name: "expired context", ctx: expired(), msg: loginCode("+8613800138000", "1"), wantProvider: "dryrun", wantCode: sms.DeadlineExceeded, wantNotAccepted: true},
		{
			name: "check refuses with a plain error", opts: dryrun.Options{Provider: "aliyun", Rules: checkWith(func(sms.Prepared) error { return notMapped })},
			msg: loginCode("+8613800138000", "1"), wantProvider: "aliyun", wantCode: sms.InvalidArgument, wantNotAccepted: true, wantIs: notMapped,
		},
		{
			name: "check refuses with an sms.Error", opts: dryrun.Options{Rules: checkWith(func(sms.Prepared) error { return denied })},
			msg: loginCode("+8613800138000", "1"), wantProvider: "dryrun", wantCode: sms.PermissionDenied, wantNotAccepted: true,
		},
		{
			name: "check refuses with a wrapped sms.Error", opts: dryrun.Options{Rules: checkWith(func(sms.Prepared) error { return errors.Join(notMapped, denied) })},
			msg: loginCode("+8613800138000", "1"), wantProvider: "dryrun", wantCode: sms.PermissionDenied, wantNotAccepted: true,
		},
		{
			name: "check is not run on invalid messages", opts: dryrun.Options{Rules: checkWith(func(sms.Prepared) error { panic("checked an invalid message") })},
			msg: loginCode("bad", "1"), wantProvider: "dryrun", wantCode: sms.InvalidArgument, wantNotAccepted: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Logger = quiet()
			s := newSender(t, tt.opts)
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			res, err := s.Send(ctx, tt.msg)
			if tt.wantCode != sms.OK {
				var e *sms.Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, tt.wantCode, e.Code)
				assert.Equal(t, tt.wantNotAccepted, e.NotAccepted)
				assert.Equal(t, tt.wantProvider, e.Provider)
				if tt.wantIs != nil {
					assert.ErrorIs(t, err, tt.wantIs)
				}
				assert.Zero(t, res)
				assert.Empty(t, s.Records(), "refused messages are not kept")
				return
			}
			require.NoError(t, err)
			assert.True(t, res.DryRun)
			assert.Equal(t, tt.wantProvider, res.Provider)
			assert.Regexp(t, idPattern, res.MessageID)
			records := s.Records()
			require.Len(t, records, 1)
			assert.Equal(t, tt.wantTo, records[0].Message.To)
			assert.Equal(t, res, records[0].Result)
		})
	}
}

func TestCheckErrorIsNotModified(t *testing.T) {
	denied := &sms.Error{Code: sms.PermissionDenied, NotAccepted: true}
	s := newSender(t, dryrun.Options{Logger: quiet(), Rules: checkWith(func(sms.Prepared) error { return denied })})
	_, err := s.Send(context.Background(), loginCode("+8613800138000", "1"))
	require.Error(t, err)
	assert.Empty(t, denied.Provider, "the check's error is shared and must not change")
}

func TestUniqueIDs(t *testing.T) {
	const n = 300
	s := newSender(t, dryrun.Options{Logger: quiet()})
	seen := map[string]bool{}
	for range n {
		res, err := s.Send(context.Background(), loginCode("+8613800138000", "1"))
		require.NoError(t, err)
		require.False(t, seen[res.MessageID], "duplicate %s", res.MessageID)
		seen[res.MessageID] = true
	}

	first := func(provider string) string {
		res, err := newSender(t, dryrun.Options{Provider: provider, Logger: quiet()}).Send(context.Background(), loginCode("+8613800138000", "1"))
		require.NoError(t, err)
		return res.MessageID
	}
	assert.Equal(t, first("aliyun"), first("aliyun"), "deterministic per provider name")
	assert.NotEqual(t, first("aliyun"), first("twilio"))
}

func TestRecordTimeUsesTheClock(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	s := newSender(t, dryrun.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return at }})
	_, err := s.Send(context.Background(), loginCode("+8613800138000", "1"))
	require.NoError(t, err)
	assert.Equal(t, at, s.Records()[0].Time)
}
