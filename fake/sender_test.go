package fake_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
)

var (
	idPattern        = regexp.MustCompile(`^fake-[0-9a-f]{16}$`)
	requestIDPattern = regexp.MustCompile(`^fake-req-[0-9a-f]{16}$`)
)

func loginCode(to, code string) sms.Message {
	return sms.Message{To: to, Template: "login_code", Params: map[string]string{"code": code}}
}

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

func TestSend(t *testing.T) {
	tests := []struct {
		name     string
		opts     fake.Options
		ctx      context.Context
		msg      sms.Message
		wantTo   string // normalized recipient recorded
		wantCode sms.Code
		wantRule error // errors.Is target for InvalidArgument
	}{
		{name: "E.164", msg: loginCode("+8613800138000", "123456"), wantTo: "+8613800138000"},
		{name: "national format in the default region", msg: loginCode("138 0013 8000", "123456"), wantTo: "+8613800138000"},
		{name: "national format in the region option", opts: fake.Options{DefaultRegion: "US"}, msg: loginCode("(201) 555-0123", "1"), wantTo: "+12015550123"},
		{name: "body instead of template", msg: sms.Message{To: "+8613800138000", Body: "hello"}, wantTo: "+8613800138000"},
		{name: "invalid number", msg: loginCode("12345", "1"), wantTo: "12345", wantCode: sms.InvalidArgument, wantRule: sms.ErrInvalidNumber},
		{name: "missing recipient", msg: loginCode("", "1"), wantCode: sms.InvalidArgument, wantRule: sms.ErrMissingRecipient},
		{name: "missing content", msg: sms.Message{To: "+8613800138000"}, wantTo: "+8613800138000", wantCode: sms.InvalidArgument, wantRule: sms.ErrMissingContent},
		{name: "control character in param", msg: loginCode("+8613800138000", "12\n34"), wantTo: "+8613800138000", wantCode: sms.InvalidArgument, wantRule: sms.ErrInvalidParam},
		{name: "canceled context", ctx: canceled(), msg: loginCode("+8613800138000", "1"), wantTo: "+8613800138000", wantCode: sms.Canceled},
		{name: "expired context", ctx: expired(), msg: loginCode("+8613800138000", "1"), wantTo: "+8613800138000", wantCode: sms.DeadlineExceeded},
		{name: "canceled context wins over an invalid message", ctx: canceled(), msg: loginCode("12345", "1"), wantTo: "12345", wantCode: sms.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fake.MustNew(tt.opts)
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			res, err := s.Send(ctx, tt.msg)

			records := s.Records()
			require.Len(t, records, 1, "every call is recorded")
			assert.Equal(t, tt.wantTo, records[0].Message.To)
			assert.Equal(t, tt.wantCode, sms.CodeOf(err))
			if tt.wantCode != sms.OK {
				var e *sms.Error
				require.ErrorAs(t, err, &e)
				assert.True(t, e.NotAccepted, "refused before the provider: not accepted")
				assert.Equal(t, "fake", e.Provider)
				assert.Zero(t, res)
				assert.Equal(t, err, records[0].Err)
				assert.Zero(t, s.Len())
				assert.Empty(t, s.Messages())
				if tt.wantRule != nil {
					assert.ErrorIs(t, err, tt.wantRule)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "fake", res.Provider)
			assert.Regexp(t, idPattern, res.MessageID)
			assert.Regexp(t, requestIDPattern, res.RequestID)
			assert.False(t, res.DryRun)
			assert.Equal(t, res, records[0].Result)
			assert.Equal(t, 1, s.Len())
			assert.Equal(t, []sms.Message{records[0].Message}, s.Messages())
		})
	}
}

func TestSendProviderName(t *testing.T) {
	for _, tt := range []struct{ provider, want string }{{"", "fake"}, {"aliyun", "aliyun"}} {
		s := fake.MustNew(fake.Options{Provider: tt.provider})
		res, err := s.Send(context.Background(), loginCode("+8613800138000", "1"))
		require.NoError(t, err)
		assert.Equal(t, tt.want, res.Provider)
		_, err = s.Send(context.Background(), loginCode("bad", "1"))
		assert.Equal(t, tt.want, err.(*sms.Error).Provider)
	}
}

func TestIDs(t *testing.T) {
	const n = 200 // ids_test.go checks many more without sending
	s := fake.MustNew(fake.Options{})
	ids := make(map[string]bool, 2*n)
	for range n {
		res, err := s.Send(context.Background(), loginCode("+8613800138000", "1"))
		require.NoError(t, err)
		require.False(t, ids[res.MessageID], "duplicate message id %s", res.MessageID)
		require.False(t, ids[res.RequestID], "duplicate request id %s", res.RequestID)
		ids[res.MessageID], ids[res.RequestID] = true, true
	}

	first := func(provider string) sms.Result {
		res, err := fake.MustNew(fake.Options{Provider: provider}).Send(context.Background(), loginCode("+8613800138000", "1"))
		require.NoError(t, err)
		return res
	}
	assert.Equal(t, first("a"), first("a"), "ids are deterministic per provider name")
	assert.NotEqual(t, first("a").MessageID, first("b").MessageID, "differently named fakes use different ids")
}

func TestSendErrorTextHidesPersonalData(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	_, err := s.Send(context.Background(), sms.Message{To: "+8613800138000", Params: map[string]string{"code": "12\x0034"}})
	require.Error(t, err)
	for _, secret := range []string{"13800138000", "12\x0034"} {
		assert.False(t, strings.Contains(err.Error(), secret), "error text %q reveals %q", err, secret)
	}
	assert.True(t, errors.Is(err, sms.ErrMissingContent) || errors.Is(err, sms.ErrInvalidParam))
}
