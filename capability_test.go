package sms_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/smskit/sms"
	"github.com/stretchr/testify/assert"
)

// statusSender is a provider with a capability.
type statusSender struct{ sms.SenderFunc }

func (statusSender) Status(context.Context, sms.StatusQuery) (sms.Status, error) {
	return sms.Status{State: sms.StateDelivered}, nil
}

// wrapper is a middleware's Sender.
type wrapper struct{ next sms.Sender }

func (w wrapper) Send(ctx context.Context, m sms.Message) (sms.Result, error) {
	return w.next.Send(ctx, m)
}
func (w wrapper) Unwrap() sms.Sender { return w.next }

// loop unwraps to itself.
type loop struct{ sms.SenderFunc }

func (l loop) Unwrap() sms.Sender { return l }

func TestAs(t *testing.T) {
	provider := statusSender{}
	tests := []struct {
		name string
		s    sms.Sender
		ok   bool
	}{
		{"the provider", provider, true},
		{"through wrappers", wrapper{wrapper{provider}}, true},
		{"hidden by a plain func", sms.SenderFunc(provider.Send), false},
		{"nil", nil, false},
		{"a wrapper of nothing", wrapper{}, false},
		{"a loop", loop{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, ok := sms.As[sms.StatusChecker](tt.s)
			assert.Equal(t, tt.ok, ok)
			if ok {
				st, err := sc.Status(context.Background(), sms.StatusQuery{})
				assert.NoError(t, err)
				assert.Equal(t, sms.StateDelivered, st.State)
			}
		})
	}
	assert.Equal(t, sms.Sender(provider), sms.Unwrap(wrapper{provider}))
	assert.Nil(t, sms.Unwrap(provider))
}

func ExampleAs() {
	provider := statusSender{}
	stack := wrapper{wrapper{provider}} // middleware around a provider
	sc, ok := sms.As[sms.StatusChecker](stack)
	fmt.Println(ok)
	st, _ := sc.Status(context.Background(), sms.StatusQuery{MessageID: "m1"})
	fmt.Println(st)
	// Output:
	// true
	// delivered
}
