package route_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/route"
)

// tracking is a stub that can tell a message's status, and names itself.
type tracking struct{ stub }

func (s *tracking) Status(_ context.Context, q sms.StatusQuery) (sms.Status, error) {
	return sms.Status{State: sms.StateDelivered, MessageID: q.MessageID, ProviderCode: s.name}, nil
}

func TestRouterStatus(t *testing.T) {
	a, b := &tracking{stub{name: "a"}}, &tracking{stub{name: "b"}}
	two, err := route.New(route.Options{Routes: []route.Route{
		{Name: "cn", Prefixes: []string{"+86"}, Targets: []route.Target{{Name: "a", Sender: wrapped{a}}, {Name: "plain", Sender: working("plain")}}},
		{Name: "world", Targets: []route.Target{{Name: "b", Sender: wrapped{wrapped{b}}}}},
	}})
	require.NoError(t, err)
	one, err := route.New(route.Options{Routes: []route.Route{
		{Targets: []route.Target{{Name: "a", Sender: a}, {Name: "plain", Sender: working("plain")}}},
	}})
	require.NoError(t, err)

	tests := []struct {
		name     string
		router   *route.Router
		provider string
		asked    string // the target that answered; empty means an error
		err      string
	}{
		{"the target that sent, through middleware", two, "b", "b", ""},
		{"the other route's target", two, "a", "a", ""},
		{"the only target that can tell", one, "", "a", ""},
		{"ambiguous", two, "", "", "StatusQuery.Provider is empty and more than one target can tell"},
		{"a target that cannot tell", two, "plain", "", `no target "plain" that can tell`},
		{"not a target", two, "nope", "", `no target "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := tt.router.Status(context.Background(), sms.StatusQuery{Provider: tt.provider, MessageID: "m1"})
			if tt.asked == "" {
				require.Error(t, err)
				assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.asked, st.ProviderCode)
			assert.Equal(t, "m1", st.MessageID)
		})
	}
	//lint:ignore SA1012 a nil context is the point
	_, err = two.Status(nil, sms.StatusQuery{Provider: "a"})
	assert.ErrorIs(t, err, sms.ErrNilContext)

	sc, ok := sms.As[sms.StatusChecker](wrapped{two})
	require.True(t, ok, "a router is found through middleware too")
	_, err = sc.Status(context.Background(), sms.StatusQuery{Provider: "a"})
	assert.NoError(t, err)
}

func TestRouterChecksDeclaredTemplates(t *testing.T) {
	world := sms.Template{Name: "world_code", Kind: sms.KindInternational, Text: "Code ${code}"}
	login := sms.Template{Name: "login_code", Kind: sms.KindVerification, Text: "Code ${code}"}
	target := working("t")
	r, err := route.New(route.Options{
		Templates: []sms.Template{world, login},
		Routes:    []route.Route{{Targets: []route.Target{{Name: "t", Sender: target}}}},
	})
	require.NoError(t, err)
	code := map[string]string{"code": "1234"}
	tests := []struct {
		name string
		msg  sms.Message
		rule error // nil means sent
	}{
		{"international abroad", sms.Message{To: "+85291234567", Template: "world_code", Params: code}, nil},
		{"international to the mainland", sms.Message{To: "+8613800138000", Template: "world_code", Params: code}, sms.ErrWrongKind},
		{"domestic to the mainland", sms.Message{To: "+8613800138000", Template: "login_code", Params: code}, nil},
		{"a typo", sms.Message{To: "+8613800138000", Template: "login_cod", Params: code}, sms.ErrUnknownTemplate},
		{"a missing param", sms.Message{To: "+8613800138000", Template: "login_code"}, sms.ErrMissingParam},
		{"nil context", sms.Message{To: "+8613800138000", Template: "login_code", Params: code}, sms.ErrNilContext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := target.calls.Load()
			ctx := context.Background()
			if tt.rule == sms.ErrNilContext {
				ctx = nil
			}
			_, err := r.Send(ctx, tt.msg)
			if tt.rule == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.rule)
			assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
			assert.True(t, sms.IsNotAccepted(err))
			assert.Equal(t, before, target.calls.Load(), "refused before any target")
			assert.NotContains(t, err.Error(), "138")
		})
	}
}
