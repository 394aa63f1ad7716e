package middleware_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

// templates are an application's declared templates, one of each kind.
var templates = []sms.Template{
	{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}."},
	{Name: "signup_code", Kind: sms.KindVerification, Text: "Welcome! Your code is ${code}."},
	{Name: "order_shipped", Kind: sms.KindNotification, Text: "Order ${order} has shipped."},
	{Name: "order_delivered", Kind: sms.KindNotification, Text: "Order ${order} was delivered."},
	{Name: "spring_sale", Kind: sms.KindPromotion, Text: "Spring sale: 20% off."},
	{Name: "intl_code", Kind: sms.KindInternational, Text: "Your code is ${code}."},
	{Name: "intl_notice", Kind: sms.KindInternational, Text: "Order ${order} has shipped."},
}

// TestRecipientLimitPerKind sends sequences of messages to one number, a
// second apart, and checks which the per-kind limits let through. Before
// kinds, every message to a number was limited by the verification-code
// policy: a login code followed by an order notice was refused.
func TestRecipientLimitPerKind(t *testing.T) {
	const to = "+8613800138000"
	type send struct {
		template string
		body     bool // a body instead of a template
		want     bool // sent
	}
	repeat := func(n int, s send) []send {
		out := make([]send, n)
		for i := range out {
			out[i] = s
		}
		return out
	}
	tests := []struct {
		name      string
		templates []sms.Template // nil: templates
		sends     []send
	}{
		{name: "login code then order notice", sends: []send{
			{template: "login_code", want: true},
			{template: "order_shipped", want: true},
		}},
		{name: "two codes: one budget per number", sends: []send{
			{template: "login_code", want: true},
			{template: "signup_code", want: false},
		}},
		{name: "notices: 50 a day per template and number", sends: append(repeat(50, send{template: "order_shipped", want: true}),
			send{template: "order_shipped", want: false},
			send{template: "order_delivered", want: true},
			send{template: "login_code", want: true},
		)},
		{name: "promotions: 50 a day per template and number", sends: append(repeat(50, send{template: "spring_sale", want: true}),
			send{template: "spring_sale", want: false},
			send{template: "order_shipped", want: true},
		)},
		{name: "international: the code policy per template", sends: []send{
			{template: "intl_code", want: true},
			{template: "intl_code", want: false},
			{template: "intl_notice", want: true},
			{template: "login_code", want: true},
		}},
		{name: "undeclared template: the code policy, shared with codes", sends: []send{
			{template: "SMS_123456789", want: true},
			{template: "login_code", want: false},
			{template: "order_shipped", want: true},
		}},
		{name: "body: the code policy, shared with codes", sends: []send{
			{body: true, want: true},
			{template: "login_code", want: false},
		}},
		{name: "no templates declared: everything is a code", templates: []sms.Template{}, sends: []send{
			{template: "login_code", want: true},
			{template: "order_shipped", want: false},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			decl := tt.templates
			if decl == nil {
				decl = templates
			}
			clk := newFakeClock()
			s := script()
			sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{Templates: decl, Now: clk.Now})(s)
			sent := 0
			for i, sd := range tt.sends {
				clk.Advance(time.Second)
				m := sms.Message{To: to, Template: sd.template}
				if sd.body {
					m = sms.Message{To: to, Body: "hello"}
				}
				_, err := sender.Send(context.Background(), m)
				if sd.want {
					require.NoError(t, err, "send %d (%s)", i, sd.template)
					sent++
					continue
				}
				require.Equal(t, sms.RateLimited, sms.CodeOf(err), "send %d (%s): %v", i, sd.template, err)
				assert.NotContains(t, err.Error(), "13800138000")
			}
			assert.Equal(t, sent, s.Calls())
		})
	}
}

// TestRecipientLimitKindOptions checks that a kind's own Policy and Key
// replace its defaults and leave the other kinds' alone.
func TestRecipientLimitKindOptions(t *testing.T) {
	clk := newFakeClock()
	sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{
		Templates:    templates,
		Notification: middleware.KindLimit{Policy: middleware.Policy{{Limit: 2, Per: time.Hour}}, Key: middleware.RecipientKey("")},
		Now:          clk.Now,
	})(script())
	send := func(template string) error {
		clk.Advance(time.Second)
		_, err := sender.Send(context.Background(), sms.Message{To: "+8613800138000", Template: template})
		return err
	}
	require.NoError(t, send("order_shipped"))
	require.NoError(t, send("order_delivered"))
	assert.Equal(t, sms.RateLimited, sms.CodeOf(send("order_shipped")), "2 an hour per number, whatever the template")
	require.NoError(t, send("login_code"), "verification keeps its own default")
}

func TestStackTemplatesReachRecipientLimit(t *testing.T) {
	clk := newFakeClock()
	sender := middleware.Stack(middleware.StackOptions{
		Templates: templates, Logger: discardLogger(), Now: clk.Now, Sleep: clk.Sleep,
	})(script())
	for _, tmpl := range []string{"login_code", "order_shipped", "spring_sale"} {
		_, err := sender.Send(context.Background(), sms.Message{To: "+8613800138000", Template: tmpl})
		require.NoError(t, err, tmpl)
	}
}
