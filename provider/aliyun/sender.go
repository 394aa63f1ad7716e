package aliyun

import (
	"cmp"
	"context"
	"net/http"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/smskit/sms"
)

// Sender sends SMS through Alibaba Cloud SMS (Dysmsapi SendSms) with the
// official SDK. It is safe for concurrent use: each in-flight call takes an
// SDK client of its own from a pool, and all clients share one transport and
// its connections.
//
// A Sender never retries (the SDK's AutoRetry stays off) and classifies every
// failure as an *sms.Error; see the package documentation for the mapping.
// It also implements sms.StatusChecker and sms.TemplateChecker.
type Sender struct {
	settings  settings // without credentials: see credentials.go
	validator *sms.Validator
	pool      *clientPool
	own       *http.Transport // nil when Options.Transport was given
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
	s := &Sender{settings: st, validator: v}
	base := st.Transport
	if base == nil {
		s.own = newHTTPTransport(st.ConnectTimeout, st.MaxIdleConns)
		base = s.own
	}
	s.pool = &clientPool{settings: &s.settings, base: base, creds: newCredentials(o)}
	c, err := s.pool.newClient()
	if err != nil {
		return nil, optionsError("the SDK refused the options")
	}
	s.pool.put(c)
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
// takes no context. An error is an *sms.Error; nothing in it holds the
// AccessKey, the signature, the number or a param value.
func (s *Sender) Send(ctx context.Context, msg sms.Message) (_ sms.Result, err error) {
	p, err := s.validator.Prepare(ctx, msg)
	if err != nil {
		return sms.Result{}, err
	}
	number, nerr := aliyunNumber(p.Phone) // refused by Prepare already; kept for the types
	if nerr != nil {
		return sms.Result{}, nerr
	}
	m := p.Message

	req := dysmsapi.CreateSendSmsRequest()
	req.PhoneNumbers = number
	req.SignName = cmp.Or(p.Sign, s.settings.SignName)
	req.TemplateCode = p.Code
	req.TemplateParam = templateParam(m.Params)
	req.OutId = m.Reference
	req.SmsUpExtendCode = s.settings.UpExtendCode

	pc, c, err := s.acquire(ctx)
	if err != nil {
		return sms.Result{}, err
	}
	defer recoverSDK(c, &err)
	resp, err := pc.api.SendSms(req) // called here, not deeper: the SDK's nonce costs per stack frame
	s.pool.put(pc)
	if !answered(resp.BaseResponse) { // no answer: the transport failed
		return sms.Result{}, failure(ctx, c, err, secretsOf(c, p.Phone, m.Params))
	}
	// An answer is classified from its status and body alone, whatever err
	// the SDK made of it.
	return readAnswer(resp.BaseResponse).sendResult(secretsOf(c, p.Phone, m.Params))
}

// acquire takes a pooled client for one SDK call under ctx, with a fresh
// call record for classifying a failure. The caller makes the SDK call
// itself and then returns the client with s.pool.put. The total timeout is
// the SDK client's own (http.Client.Timeout), which costs no timer of ours.
func (s *Sender) acquire(ctx context.Context) (*pooledClient, *call, error) {
	pc, err := s.pool.get()
	if err != nil {
		return nil, nil, &sms.Error{Code: sms.Unknown, NotAccepted: true, Provider: Name,
			Message: "the SDK refused the options"}
	}
	pc.current = newCall(ctx, s.own == nil)
	return pc, pc.current, nil
}

// CloseIdleConnections closes the idle connections of the Sender's own
// transport. The Sender stays usable. It does nothing when Options.Transport
// was given.
func (s *Sender) CloseIdleConnections() {
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
