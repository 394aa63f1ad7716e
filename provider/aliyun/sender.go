package aliyun

import (
	"cmp"
	"context"
	"net/http"
	"runtime"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/wiretrack"
)

// Sender sends SMS through Alibaba Cloud SMS (Dysmsapi SendSms) with the
// official SDK's signer. It is safe for concurrent use: each in-flight call
// runs on a worker of its own, and all workers share one transport and its
// connections.
//
// A Sender never retries and classifies every
// failure as an *sms.Error; see the package documentation for the mapping.
// It also implements sms.StatusChecker and sms.TemplateChecker.
type Sender struct {
	settings  settings // without credentials: see credentials.go
	validator *sms.Validator
	pool      *clientPool
	own       *http.Transport // nil when Options.Transport was given
	// creds keeps the listed forms of the credentials, for checking
	// answers without listing them on every call.
	creds *credentialCache
}

// Compile-time checks of the capabilities.
var (
	_ sms.Sender          = (*Sender)(nil)
	_ sms.StatusChecker   = (*Sender)(nil)
	_ sms.TemplateChecker = (*Sender)(nil)
)

// New returns a Sender configured by o. It makes no network call: bad
// credentials show on the first Send. Invalid options, including any
// template o.Rules() refuses, are an error wrapping sms.ErrInvalidOptions
// (an *sms.OptionsError) that says what to fix.
func New(o Options) (*Sender, error) {
	st, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	v, err := sms.NewValidator(o.Rules(), o.Templates)
	if err != nil {
		return nil, err
	}
	s := &Sender{settings: st, validator: v, creds: &credentialCache{}}
	base := st.Transport
	if base == nil {
		s.own = wiretrack.NewTransport(st.ConnectTimeout, st.MaxIdleConns)
		base = s.own
	}
	s.pool = newClientPool(st, base, newCredentials(o))
	// Idle workers hold the pool, not the Sender: once the Sender is
	// unreachable, they end.
	runtime.AddCleanup(s, (*clientPool).stop, s.pool)
	return s, nil
}

// Send sends msg with SendSms. msg.To is any valid number (E.164 or a
// mainland national number) that Aliyun cannot read as another number;
// msg.Template is a name from Options.Templates (or, when none is declared
// or Options.AllowUndeclaredTemplates is set, a template code); msg.Params
// become TemplateParam; msg.Reference becomes OutId. The sign is msg.Sign,
// or else the template's sign in Options.Templates, or else
// Options.SignName. msg.Body is ignored. Everything Rules describes is
// checked before any request.
//
// The context's cancellation and deadline end the call although the SDK
// takes no context; a nil context is refused as InvalidArgument. A redirect
// answer is never followed: it fails the send as Unknown, possibly
// accepted. An error is an *sms.Error; nothing in it holds the AccessKey,
// the signature, the number or a param value.
func (s *Sender) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	p, err := s.validator.Prepare(ctx, msg)
	if err != nil {
		return sms.Result{}, err
	}
	number, nerr := aliyunNumber(p.Phone) // refused by Prepare already; kept for the types
	if nerr != nil {
		return sms.Result{}, nerr
	}
	m := p.Message

	a := action{name: "SendSms"}
	a.add("PhoneNumbers", number)
	a.add("SignName", cmp.Or(p.Sign, s.settings.SignName))
	a.add("TemplateCode", p.Code)
	a.add("TemplateParam", templateParam(m.Params))
	a.add("OutId", m.Reference)
	a.add("SmsUpExtendCode", s.settings.UpExtendCode)
	// The answer is read from its status and body alone (readAnswer), so
	// the SDK is spared decoding it: it decodes no CommonResponse.
	resp := responses.NewCommonResponse()
	c, err := s.do(ctx, &a, resp)
	if err != nil {
		return sms.Result{}, err
	}
	sec := callSecrets{c: c, to: p.Phone, params: m.Params, creds: s.creds}
	if !answered(resp.BaseResponse) { // no answer: the transport failed
		return sms.Result{}, failure(ctx, c, sec.list())
	}
	// An answer is classified from its status and body alone, whatever
	// error the SDK made of it (or whether it panicked on it).
	return readAnswer(resp.BaseResponse).sendResult(sec)
}

// do makes one API call of action a, answered into resp, on a worker of the
// pool, under ctx and the Sender's Timeout, and returns its record once it
// is over. The call's own failure is left in the record (c.failed); do's
// error is for a call whose request never began because ctx ended first
// (while the SDK's signer signed it or obtained credentials, which take no
// context: do returns at once, and the worker will not start the request).
//
// Once the request began, do waits for its end however ctx ends: the
// request carries ctx, so it ends promptly, and only its end tells whether
// it was written.
func (s *Sender) do(ctx context.Context, a *action, resp responses.AcsResponse) (*call, error) {
	ctx, cancel := context.WithTimeout(ctx, s.settings.Timeout)
	defer cancel()
	c := newCall(ctx, a, resp)
	s.pool.start(c)
	select {
	case <-c.done:
		return c, nil
	case <-ctx.Done():
	}
	if c.state.CompareAndSwap(callQueued, callAbandoned) {
		return nil, notStarted(ctx)
	}
	<-c.done
	return c, nil
}

// CloseIdleConnections closes the idle connections of the Sender's own
// transport (not those of Options.Transport) and ends its idle worker
// goroutines. The Sender stays usable.
func (s *Sender) CloseIdleConnections() {
	s.pool.stopIdle()
	if s.own != nil {
		s.own.CloseIdleConnections()
	}
}

// withProvider returns err, an *sms.Error from package sms, as this
// provider's error.
func withProvider(err error) error { return sms.WithProvider(err, Name) }

// invalid reports a message this provider cannot send.
func invalid(rule error, message string) *sms.Error {
	return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name,
		Message: message, Err: rule}
}
