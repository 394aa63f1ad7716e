// Package sms is smskit's core: one small interface for sending SMS through
// swappable providers, with classified errors that say whether a failed message
// may still have reached the phone.
//
// An application builds a Sender from a provider (provider/aliyun,
// provider/twilio), wraps it in middleware (package middleware) and calls Send
// with one Message per recipient:
//
//	var sender sms.Sender = fake.MustNew(fake.Options{}) // or aliyun.New(...)
//	res, err := sender.Send(ctx, sms.Message{
//		To:       "+8613800138000",
//		Template: "login_code",
//		Params:   map[string]string{"code": "123456"},
//	})
//	switch {
//	case err == nil:
//		log.Printf("sent by %s as %s", res.Provider, res.MessageID)
//	case sms.IsRetryable(err):
//		// definitely not accepted and transient: safe to try again later
//	case !sms.IsNotAccepted(err):
//		// the provider may have accepted it: do not send again blindly
//	}
//
// Unit tests of applications use package fake; staging uses package dryrun;
// provider authors prove their Sender with package smstest.
//
// # Naming rules
//
// One name per idea across the module, for the next provider to follow:
// a provider package's name constant is Name; its options are Options with
// Endpoint (a URL), Transport (an http.RoundTripper), TemplateKey (the key of
// Template.Codes and Signs it reads), DefaultRegion (the region of numbers
// without a country code); its constructor New returns an error wrapping
// ErrInvalidOptions for options that cannot work (MustNew panics with it,
// for tests); its Options.Rules() describe what it accepts; Send starts with
// a Validator's Prepare. Every wrapper has Unwrap, and capabilities are found
// with As. A provider package that can be opened from a URL has a Scheme
// constant, registers it in init with RegisterScheme, and exports
// OptionsFromURL(*url.URL) (Options, error); OpenSender opens any
// registered URL. Emulators have URL and Host fields, QueueFault, SetFaults and
// ClearFaults, and a Request type. Go names use Go initialisms (RequestID,
// BizID) whatever the wire spells.
package sms

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
)

// Message is one SMS to one recipient.
//
// Its String and LogValue methods mask the recipient and never print Params or
// Body: they usually hold verification codes.
type Message struct {
	// To is the recipient. Providers expect E.164 ("+8613800138000");
	// Normalize turns national formats into E.164.
	To string
	// Template is a logical template name ("login_code") or a provider's
	// template code ("SMS_123456789"). Template-based providers require it.
	Template string
	// Params are the template's variables, such as {"code": "123456"}.
	Params map[string]string
	// Body is free text for body-based providers. Template-based providers
	// ignore it.
	Body string
	// Sign is the sign name (Aliyun 签名) or sender id; empty means the
	// provider's default.
	Sign string
	// Reference is an optional caller reference echoed in delivery receipts
	// (Aliyun OutId), at most MaxReferenceLength characters.
	Reference string
}

// String describes m with the recipient masked and without params or body.
func (m Message) String() string {
	var b strings.Builder
	b.WriteString("sms.Message{To: ")
	b.WriteString(MaskPhone(m.To))
	if m.Template != "" {
		b.WriteString(", Template: ")
		b.WriteString(strconv.Quote(m.Template))
	}
	if len(m.Params) > 0 {
		b.WriteString(", Params: ")
		b.WriteString(strconv.Itoa(len(m.Params)))
		b.WriteString(" hidden")
	}
	if m.Body != "" {
		b.WriteString(", Body: hidden")
	}
	if m.Sign != "" {
		b.WriteString(", Sign: ")
		b.WriteString(strconv.Quote(m.Sign))
	}
	if m.Reference != "" {
		b.WriteString(", Reference: ")
		b.WriteString(strconv.Quote(m.Reference))
	}
	b.WriteString("}")
	return b.String()
}

// GoString is String, so that %#v hides the same things.
func (m Message) GoString() string { return m.String() }

// LogValue implements slog.LogValuer: the recipient is masked, params are
// counted and never printed, the body is never printed.
func (m Message) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 5)
	attrs = append(attrs, slog.String("to", MaskPhone(m.To)))
	if m.Template != "" {
		attrs = append(attrs, slog.String("template", m.Template))
	}
	if len(m.Params) > 0 {
		attrs = append(attrs, slog.Int("params", len(m.Params)))
	}
	if m.Sign != "" {
		attrs = append(attrs, slog.String("sign", m.Sign))
	}
	if m.Reference != "" {
		attrs = append(attrs, slog.String("reference", m.Reference))
	}
	return slog.GroupValue(attrs...)
}

// Result describes a message the provider accepted.
type Result struct {
	// Provider names the provider that accepted the message ("aliyun").
	Provider string
	// MessageID is the provider's id for the message (Aliyun BizId, Twilio
	// SID); it finds the message's delivery status later.
	MessageID string
	// RequestID is the provider's id for the API request, for support tickets.
	RequestID string
	// Attempts counts the provider calls made for this message; zero means
	// one. The retry middleware sets it.
	Attempts int
	// DryRun is true when nothing was delivered because the sender only
	// pretended to send (package dryrun).
	DryRun bool
}

// Sender sends one message. Implementations are safe for concurrent use.
//
// On failure the error is an *Error (see CodeOf, IsNotAccepted): a Sender
// never reports a message the provider accepted as failed, and never retries
// a message that may have been accepted.
type Sender interface {
	Send(ctx context.Context, msg Message) (Result, error)
}

// SenderFunc adapts a function to the Sender interface.
type SenderFunc func(ctx context.Context, msg Message) (Result, error)

// Send calls f(ctx, msg).
func (f SenderFunc) Send(ctx context.Context, msg Message) (Result, error) {
	return f(ctx, msg)
}

// Middleware decorates a Sender with behaviour such as rate limiting,
// retries or logging.
type Middleware func(Sender) Sender

// Chain composes middlewares into one. The first is outermost: it sees each
// message first and each result last, so Chain(a, b)(s) is a(b(s)).
func Chain(outer Middleware, others ...Middleware) Middleware {
	return func(next Sender) Sender {
		for i := len(others) - 1; i >= 0; i-- {
			next = others[i](next)
		}
		return outer(next)
	}
}
