package twilio

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/smskit/sms"
)

// Sender sends SMS through Twilio's Messages API with twilio-go. It is
// safe for concurrent use; New makes it.
type Sender struct {
	opts        Options
	credentials *client.Credentials
	templates   map[string]template
	base        *url.URL
	transport   http.RoundTripper
	edge        string
	region      string
	timeout     time.Duration
	now         func() time.Time
}

// New checks opts and returns a Sender. It makes no network call. Bad
// options are an *sms.Error with code InvalidArgument wrapping
// ErrInvalidOptions; so is a template Options.Templates declares that the
// Sender cannot serve: one without Text or with a malformed Text (such as
// an unclosed "${"), or with an empty or repeated name.
func New(opts Options) (*Sender, error) {
	base, err := opts.validate()
	if err != nil {
		return nil, err
	}
	templates, err := parseTemplates(opts.Templates)
	if err != nil {
		return nil, err
	}
	opts.Templates = nil // parsed into templates; keeps no reference to the caller's slice
	s := &Sender{
		opts:        opts,
		credentials: client.NewCredentials(opts.AccountSID, opts.AuthToken),
		templates:   templates,
		base:        base,
		transport:   opts.HTTPTransport,
		edge:        os.Getenv("TWILIO_EDGE"),
		region:      os.Getenv("TWILIO_REGION"),
		timeout:     opts.Timeout,
		now:         opts.Now,
	}
	if s.transport == nil {
		s.transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	if s.timeout == 0 {
		s.timeout = DefaultTimeout
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// CloseIdleConnections closes the idle connections of the Sender's HTTP
// transport, when it has such a method.
func (s *Sender) CloseIdleConnections() {
	if t, ok := s.transport.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
}

// String describes s without its auth token. Its receiver is a value, so
// that a Sender printed by value hides the token too.
func (s Sender) String() string {
	return "twilio.Sender{" + s.opts.String() + "}"
}

// GoString is String, so that %#v hides the auth token too.
func (s Sender) GoString() string { return s.String() }

// LogValue implements slog.LogValuer without the auth token.
func (s Sender) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Send sends msg as one SMS. The text is msg.Body or, without one, the
// text of msg.Template in Options.Templates with msg.Params substituted.
// The sender (From) is msg.Sign, or else the template's Signs["twilio"],
// or else Options.From. Twilio has no
// caller reference: msg.Reference is not sent.
//
// The Result's MessageID is the message SID ("SM…"), its RequestID the
// Twilio-Request-Id. Errors are *sms.Error: see the package doc for how
// Twilio's error codes map to smskit's.
func (s *Sender) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	if err := ctx.Err(); err != nil {
		return sms.Result{}, contextError(err, true)
	}
	msg, err := sms.Normalize(msg, s.opts.DefaultRegion)
	if err != nil {
		return sms.Result{}, withProvider(err)
	}
	body, err := s.messageBody(msg)
	if err != nil {
		return sms.Result{}, err
	}
	params := &openapi.CreateMessageParams{}
	params.SetTo(msg.To)
	params.SetBody(body)
	if from := s.from(msg); from != "" {
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
	created, err := api.CreateMessage(params)
	c.finish()
	if err != nil {
		return sms.Result{}, s.classify(ctx, c, err, s.secretsOf(msg.To, body, msg.Params))
	}
	if created == nil || created.Sid == nil || *created.Sid == "" {
		return sms.Result{}, &sms.Error{Code: sms.Unknown, Provider: Name,
			RequestID: requestID(c.header), Message: "twilio's answer has no message SID"}
	}
	return sms.Result{Provider: Name, MessageID: *created.Sid, RequestID: requestID(c.header)}, nil
}

// newCall returns a call carrying ctx and twilio-go's Messages API bound to
// it.
func (s *Sender) newCall(ctx context.Context) (*call, *openapi.ApiService) {
	c := &call{ctx: ctx, base: s.base, next: s.transport}
	tc := &client.Client{Credentials: s.credentials, HTTPClient: c.httpClient()}
	tc.SetAccountSid(s.opts.AccountSID)
	return c, openapi.NewApiService(&client.RequestHandler{Client: tc, Edge: s.edge, Region: s.region})
}
