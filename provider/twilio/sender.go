package twilio

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"time"

	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
	"github.com/smskit/sms/provider/twilio/internal/wire"
)

// Sender sends SMS through Twilio's Messages API with twilio-go. It is
// safe for concurrent use; New makes it.
//
// A Sender prints without its auth token however it is printed: its
// String, GoString and LogValue hide it, and it holds the token only
// behind a func value, which reflection-based printing (fmt inside another
// struct's unexported field, where String cannot be called; go-spew) cannot
// enter.
type Sender struct {
	opts      Options // without AuthToken and Templates
	client    *wire.Client
	validator *sms.Validator
	timeout   time.Duration
}

// New checks opts and returns a Sender. It makes no network call. Bad
// options, and a template in Options.Templates the Sender cannot serve
// (see Options.Rules), are an *sms.OptionsError wrapping
// sms.ErrInvalidOptions that says what to fix.
func New(opts Options) (*Sender, error) {
	base, err := opts.validate()
	if err != nil {
		return nil, err
	}
	v, err := sms.NewValidator(opts.rules(), opts.Templates)
	if err != nil {
		return nil, err
	}
	s := &Sender{
		client:    wire.NewClient(opts.AccountSID, opts.AuthToken, base, opts.Transport, opts.Now),
		validator: v,
		timeout:   cmp.Or(opts.Timeout, DefaultTimeout),
	}
	opts.AuthToken = ""  // kept in s.client's keys only
	opts.Templates = nil // in the validator; keeps no reference to the caller's slice
	s.opts = opts
	return s, nil
}

// CloseIdleConnections closes the idle connections of the Sender's HTTP
// transport, when it has such a method.
func (s *Sender) CloseIdleConnections() {
	s.client.CloseIdleConnections()
}

// String describes s without its auth token. Its receiver is a value, so
// that a Sender printed by value hides the token too.
func (s Sender) String() string {
	o := s.opts
	if s.client != nil {
		o.AuthToken = "hidden" // printed as "AuthToken: hidden"
	}
	return "twilio.Sender{" + o.String() + "}"
}

// GoString is String, so that %#v hides the auth token too.
func (s Sender) GoString() string { return s.String() }

// LogValue implements slog.LogValuer without the auth token.
func (s Sender) LogValue() slog.Value { return slog.StringValue(s.String()) }

// CheckTemplate implements sms.TemplateChecker: it returns nil when t is
// declared in Options.Templates exactly as given (kind, Text and
// Signs[TemplateKey]) and the Sender can serve it, and otherwise an error
// wrapping sms.ErrInvalidOptions that says what differs. Passing the
// application's one []sms.Template to New and to route.New makes this
// hold.
func (s *Sender) CheckTemplate(t sms.Template) error {
	return s.validator.CheckTemplate(t)
}

// Send sends msg as one SMS. The text is msg.Body or, without one, the
// text of msg.Template in Options.Templates with msg.Params substituted.
// The sender (From) is msg.Sign, or else the template's
// Signs[TemplateKey], or else Options.From. Twilio has no caller
// reference: msg.Reference is not sent. Everything Options.Rules lists is
// checked before any request.
//
// The Result's MessageID is the message SID ("SM…" or "MM…", checked), its
// RequestID the Twilio-Request-Id when it has Twilio's format. Errors are
// *sms.Error: see the package doc for how answers map to smskit's codes.
func (s *Sender) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	p, err := s.validator.Prepare(ctx, msg)
	if err != nil {
		return sms.Result{}, err
	}
	text, e := textOf(p)
	if e != nil {
		return sms.Result{}, e
	}
	params := &openapi.CreateMessageParams{}
	params.SetTo(p.Message.To)
	params.SetBody(text)
	if from := cmp.Or(p.Sign, s.opts.From); from != "" {
		params.SetFrom(from)
	}
	if s.opts.MessagingServiceSID != "" {
		params.SetMessagingServiceSid(s.opts.MessagingServiceSID)
	}
	if s.opts.StatusCallback != "" {
		params.SetStatusCallback(s.opts.StatusCallback)
	}

	if s.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
		defer cancel()
	}
	c, api := s.newCall(ctx)
	_, err = api.CreateMessage(params)
	national := p.Phone.National
	a := c.Answer()
	if a == nil || !a.OK() {
		return sms.Result{}, s.failure(ctx, c, err, p.Message.To, national, text, p.Message.Params)
	}
	created, ok := message(a)
	if !ok {
		return sms.Result{}, s.client.FromAnswer(a, national, aMessage)
	}
	return sms.Result{Provider: Name, MessageID: *created.SID,
		RequestID: s.client.CleanRequestID(a.RequestID, national)}, nil
}

// newCall returns a call carrying ctx and twilio-go's Messages API bound to
// it.
func (s *Sender) newCall(ctx context.Context) (*wire.Call, *openapi.ApiService) {
	c, handler := s.client.NewCall(ctx)
	return c, openapi.NewApiService(handler)
}

// Format prints String for every verb, so that no verb (%d, %x, %q) makes
// fmt walk the Sender's fields.
func (s Sender) Format(f fmt.State, _ rune) { redact.Print(f, s.String()) }
