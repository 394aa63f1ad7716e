package fake_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/route"
)

func TestStatus(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	s := fake.MustNew(fake.Options{Now: func() time.Time { return at }})
	ctx := context.Background()
	sent, err := s.Send(ctx, loginCode("+8613800138000", "1"))
	require.NoError(t, err)
	s.FailNext(1, &sms.Error{Code: sms.Unknown, Message: "answer lost"})
	_, err = s.Send(ctx, loginCode("+8613800138000", "2"))
	require.Error(t, err)
	lostID := s.Records()[1].Err.(*sms.Error).RequestID

	delivered := sms.Status{State: sms.StateDelivered, Provider: "fake", MessageID: sent.MessageID, SentAt: at, DoneAt: at}
	tests := []struct {
		name    string
		ctx     context.Context
		query   sms.StatusQuery
		want    sms.Status
		wantErr sms.Code
	}{
		{name: "accepted: delivered", query: sms.StatusQuery{MessageID: sent.MessageID}, want: delivered},
		{name: "with its number in any format", query: sms.StatusQuery{MessageID: sent.MessageID, To: "138 0013 8000"}, want: delivered},
		{name: "another number", query: sms.StatusQuery{MessageID: sent.MessageID, To: "+8613900139000"},
			want: sms.Status{State: sms.StateNotFound, Provider: "fake", MessageID: sent.MessageID}},
		{name: "unknown id", query: sms.StatusQuery{MessageID: "fake-0000000000000000"},
			want: sms.Status{State: sms.StateNotFound, Provider: "fake", MessageID: "fake-0000000000000000"}},
		{name: "failed send: not found", query: sms.StatusQuery{MessageID: lostID},
			want: sms.Status{State: sms.StateNotFound, Provider: "fake", MessageID: lostID}},
		{name: "no id", query: sms.StatusQuery{To: "+8613800138000"}, wantErr: sms.InvalidArgument},
		{name: "canceled", ctx: canceled(), query: sms.StatusQuery{MessageID: sent.MessageID}, wantErr: sms.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			got, err := s.Status(ctx, tt.query)
			if tt.wantErr != sms.OK {
				assert.Equal(t, tt.wantErr, sms.CodeOf(err))
				assert.Equal(t, "fake", err.(*sms.Error).Provider)
				assert.Zero(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestStatusNilContext(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	var ctx context.Context // nil
	_, err := s.Status(ctx, sms.StatusQuery{MessageID: "x"})
	assert.ErrorIs(t, err, sms.ErrNilContext)
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	assert.ErrorIs(t, s.WaitFor(ctx, 1), sms.ErrNilContext)
}

func TestStatusWhenScriptsPolling(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	ctx := context.Background()
	res, err := s.Send(ctx, loginCode("+8613800138000", "1"))
	require.NoError(t, err)

	polls := 0
	s.StatusWhen(func(r fake.Record) (sms.Status, error) {
		assert.Equal(t, res, r.Result)
		polls++
		switch polls {
		case 1, 2:
			return sms.Status{State: sms.StatePending}, nil
		case 3:
			return sms.Status{}, &sms.Error{Code: sms.Unavailable, NotAccepted: true}
		case 4:
			return sms.Status{}, errors.New("boom")
		}
		return sms.Status{State: sms.StateFailed, ProviderCode: "MK:0001"}, nil
	})
	q := sms.StatusQuery{MessageID: res.MessageID}
	var states []string
	for range 5 {
		st, err := s.Status(ctx, q)
		if err != nil {
			var e *sms.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, "fake", e.Provider)
			states = append(states, "error: "+e.Code.String())
			continue
		}
		assert.Equal(t, "fake", st.Provider)
		assert.Equal(t, res.MessageID, st.MessageID)
		states = append(states, st.String())
	}
	assert.Equal(t, []string{"pending", "pending", "error: unavailable", "error: unknown", "failed (MK:0001)"}, states)

	s.StatusWhen(nil)
	st, err := s.Status(ctx, q)
	require.NoError(t, err)
	assert.Equal(t, sms.StateDelivered, st.State)
}

// wrapper is a middleware as every wrapper in the module is written: it
// unwraps to the Sender it wraps.
type wrapper struct{ next sms.Sender }

func (w wrapper) Send(ctx context.Context, m sms.Message) (sms.Result, error) {
	return w.next.Send(ctx, m)
}

func (w wrapper) Unwrap() sms.Sender { return w.next }

func TestCapabilitiesThroughWrappers(t *testing.T) {
	quiet := slog.New(slog.DiscardHandler)
	for _, tt := range []struct {
		name string
		wrap func(sms.Sender) sms.Sender
	}{
		{"two wrappers", func(s sms.Sender) sms.Sender { return wrapper{wrapper{s}} }},
		{"the recommended stack", middleware.Stack(middleware.StackOptions{Logger: quiet})},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := fake.MustNew(fake.Options{})
			wrapped := tt.wrap(s)
			res, err := wrapped.Send(context.Background(), loginCode("+8613800138000", "1"))
			require.NoError(t, err)

			sc, ok := sms.As[sms.StatusChecker](wrapped)
			require.True(t, ok, "the fake's Status is reachable through wrappers")
			st, err := sc.Status(context.Background(), sms.StatusQuery{MessageID: res.MessageID, To: "+8613800138000"})
			require.NoError(t, err)
			assert.Equal(t, sms.StateDelivered, st.State)

			tc, ok := sms.As[sms.TemplateChecker](wrapped)
			require.True(t, ok)
			assert.Same(t, s, tc)
			assert.Nil(t, sms.Unwrap(s), "the fake is a leaf")
		})
	}
}

func TestStatusThroughARouter(t *testing.T) {
	// A router asks the target that sent, by Result.Provider; each fake
	// knows only its own messages.
	primary := fake.MustNew(fake.Options{Provider: "primary"})
	secondary := fake.MustNew(fake.Options{Provider: "secondary"})
	primary.FailNext(1, nil) // the first message fails over to secondary
	router, err := route.New(route.Options{Routes: []route.Route{{Name: "all", Targets: []route.Target{
		{Name: "primary", Sender: primary},
		{Name: "secondary", Sender: secondary},
	}}}})
	require.NoError(t, err)
	sender := middleware.Stack(middleware.StackOptions{Logger: slog.New(slog.DiscardHandler)})(router)

	ctx := context.Background()
	first, err := sender.Send(ctx, loginCode("+8613800138000", "1"))
	require.NoError(t, err)
	second, err := sender.Send(ctx, loginCode("+8613900139000", "2"))
	require.NoError(t, err)
	require.Equal(t, "secondary", first.Provider)
	require.Equal(t, "primary", second.Provider)

	sc, ok := sms.As[sms.StatusChecker](sender)
	require.True(t, ok)
	for _, res := range []sms.Result{first, second} {
		st, err := sc.Status(ctx, sms.StatusQuery{Provider: res.Provider, MessageID: res.MessageID})
		require.NoError(t, err)
		assert.Equal(t, sms.StateDelivered, st.State)
		assert.Equal(t, res.Provider, st.Provider)
	}
}
