package sms_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

func TestMessageNeverPrintsSecrets(t *testing.T) {
	m := sms.Message{
		To:        "+8613800138000",
		Template:  "SMS_1",
		Params:    map[string]string{"code": "482915"},
		Body:      "your code is 482915",
		Sign:      "smskit",
		Reference: "order-7",
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("send", "msg", m)
	outputs := map[string]string{
		"String":   m.String(),
		"%v":       fmt.Sprintf("%v", m),
		"%+v":      fmt.Sprintf("%+v", m),
		"%#v":      fmt.Sprintf("%#v", m),
		"pointer":  fmt.Sprintf("%v %+v", &m, []sms.Message{m}),
		"LogValue": logged.String(),
	}
	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			assert.NotContains(t, out, "13800138000")
			assert.NotContains(t, out, "482915")
			assert.NotContains(t, out, "your code")
			assert.Contains(t, out, "+86 138****8000")
			assert.Contains(t, out, "SMS_1")
		})
	}
	assert.Equal(t, `sms.Message{To: +86 138****8000, Template: "SMS_1", Params: 1 hidden, Body: hidden, Sign: "smskit", Reference: "order-7"}`, m.String())
	assert.Contains(t, logged.String(), `"msg":{"to":"+86 138****8000","template":"SMS_1","params":1,"sign":"smskit","reference":"order-7"}`)
}

func TestChainOrder(t *testing.T) {
	var trace []string
	tag := func(name string) sms.Middleware {
		return func(next sms.Sender) sms.Sender {
			return sms.SenderFunc(func(ctx context.Context, m sms.Message) (sms.Result, error) {
				trace = append(trace, name+">")
				r, err := next.Send(ctx, m)
				trace = append(trace, "<"+name)
				return r, err
			})
		}
	}
	base := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		trace = append(trace, "send")
		return sms.Result{Provider: "base"}, nil
	})
	tests := []struct {
		name  string
		chain sms.Middleware
		want  []string
	}{
		{"single", sms.Chain(tag("a")), []string{"a>", "send", "<a"}},
		{"three", sms.Chain(tag("a"), tag("b"), tag("c")), []string{"a>", "b>", "c>", "send", "<c", "<b", "<a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			trace = nil
			res, err := tt.chain(base).Send(context.Background(), sms.Message{})
			require.NoError(t, err)
			assert.Equal(t, "base", res.Provider)
			assert.Equal(t, tt.want, trace)
		})
	}
}

// The first middleware given to Chain is the outermost: it sees the message
// first and the result last.
func ExampleChain() {
	trace := func(name string) sms.Middleware {
		return func(next sms.Sender) sms.Sender {
			return sms.SenderFunc(func(ctx context.Context, m sms.Message) (sms.Result, error) {
				fmt.Println("enter", name)
				defer fmt.Println("leave", name)
				return next.Send(ctx, m)
			})
		}
	}
	provider := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		fmt.Println("provider sends")
		return sms.Result{Provider: "example", MessageID: "1"}, nil
	})
	sender := sms.Chain(trace("logging"), trace("retry"))(provider)
	_, _ = sender.Send(context.Background(), sms.Message{To: "+8613800138000", Template: "SMS_1"})
	// Output:
	// enter logging
	// enter retry
	// provider sends
	// leave retry
	// leave logging
}

func ExampleMessage_String() {
	m := sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "123456"}}
	fmt.Println(m)
	// Output: sms.Message{To: +86 138****8000, Template: "login_code", Params: 1 hidden}
}

func ExampleNormalize() {
	m, err := sms.Normalize(sms.Message{To: "138 0013 8000", Template: "login_code"}, "CN")
	fmt.Println(m.To, err)
	_, err = sms.Normalize(sms.Message{To: "12345", Template: "login_code"}, "CN")
	fmt.Println(err)
	// Output:
	// +8613800138000 <nil>
	// sms: invalid argument: recipient ****5: not a valid number in region CN (not accepted)
}

func ExampleIsRetryable() {
	for _, err := range []error{
		&sms.Error{Code: sms.Unavailable, NotAccepted: true},
		&sms.Error{Code: sms.Unknown}, // a timeout after the request was written
		&sms.Error{Code: sms.InvalidArgument, NotAccepted: true},
	} {
		fmt.Printf("%-17s retryable=%t\n", sms.CodeOf(err), sms.IsRetryable(err))
	}
	// Output:
	// unavailable       retryable=true
	// unknown           retryable=false
	// invalid argument  retryable=false
}
