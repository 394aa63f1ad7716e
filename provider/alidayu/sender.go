package alidayu

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// The API this package speaks.
const (
	// Method is the TOP method of a send.
	Method = "alibaba.aliqin.fc.sms.num.send"
	// TimestampLayout is the layout of the timestamp parameter, read in
	// China time (GMT+8).
	TimestampLayout = "2006-01-02 15:04:05"
)

// chinaTime is the zone of TOP's timestamps: GMT+8, without daylight
// saving (a fixed zone needs no time zone database).
var chinaTime = time.FixedZone("CST", 8*60*60)

// Sender sends SMS through the legacy Alidayu TOP gateway, method
// alibaba.aliqin.fc.sms.num.send, one number per Send, on net/http and
// this package's signer. It is safe for concurrent use.
//
// A Sender never retries, never follows a redirect, reads answers through
// a 64 KiB limit, and classifies every failure as an *sms.Error; see the
// package documentation. It also implements sms.TemplateChecker.
type Sender struct {
	settings settings
	// cred returns the key pair. A func value: fmt and other printers that
	// walk a Sender by reflection, with any verb, print a func as an
	// address and cannot reach what it captured.
	cred      func() *credentials
	validator *sms.Validator
	transport http.RoundTripper
	own       *http.Transport // nil when Options.Transport was given
}

// Compile-time checks of the capabilities.
var (
	_ sms.Sender          = (*Sender)(nil)
	_ sms.TemplateChecker = (*Sender)(nil)
)

// New returns a Sender configured by o. It makes no network call: a bad
// key pair shows on the first Send. Invalid options, including any
// template o.Rules() refuses, are an error wrapping sms.ErrInvalidOptions
// that says what to fix.
func New(o Options) (*Sender, error) {
	st, cred, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	v, err := sms.NewValidator(o.Rules(), o.Templates)
	if err != nil {
		return nil, err
	}
	s := &Sender{settings: st, cred: func() *credentials { return &cred }, validator: v, transport: o.Transport}
	if s.transport == nil {
		s.own = http.DefaultTransport.(*http.Transport).Clone()
		s.own.MaxResponseHeaderBytes = maxAnswerBytes
		s.transport = s.own
	}
	return s, nil
}

// Send sends msg to one mainland China number. msg.To becomes rec_num (the
// 11-digit national number); msg.Template is a name from Options.Templates
// (or a raw "SMS_" code, when none is declared or
// Options.AllowUndeclaredTemplates is set), sent as sms_template_code;
// msg.Params become sms_param (a JSON object); msg.Reference becomes
// extend. The sign (sms_free_sign_name) is msg.Sign, or else the
// template's sign, or else Options.SignName. msg.Body is ignored.
// Everything Rules describes is checked before any request.
//
// An error is an *sms.Error; nothing in it holds the AppSecret, the sign
// of the request, the number or a param value.
func (s *Sender) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	p, err := s.validator.Prepare(ctx, msg)
	if err != nil {
		return sms.Result{}, err
	}
	m := p.Message
	cred := s.cred()
	params := url.Values{
		"method":             {Method},
		"app_key":            {cred.key},
		"timestamp":          {s.settings.now().In(chinaTime).Format(TimestampLayout)},
		"format":             {"json"},
		"v":                  {"2.0"},
		"sign_method":        {s.settings.signMethod},
		"sms_type":           {"normal"},
		"sms_free_sign_name": {cmp.Or(p.Sign, s.settings.signName)},
		"rec_num":            {p.Phone.National},
		"sms_template_code":  {p.Code},
	}
	if len(m.Params) > 0 {
		js, _ := json.Marshal(m.Params) // a map[string]string always encodes
		params.Set("sms_param", string(js))
	}
	if m.Reference != "" {
		params.Set("extend", m.Reference)
	}
	sign := Sign(params, cred.secret, s.settings.signMethod)
	params.Set("sign", sign)
	c := s.post(ctx, params.Encode())
	sec := secretsOf(cred, sign, p.Phone, m.Params, m.Reference)
	if c.status == 0 {
		return sms.Result{}, failure(ctx, c, sec)
	}
	return readSendAnswer(c, sec)
}

// CheckTemplate implements sms.TemplateChecker: nil when t is declared to
// this Sender exactly as given and satisfies its Rules.
func (s *Sender) CheckTemplate(t sms.Template) error { return s.validator.CheckTemplate(t) }

// CloseIdleConnections closes the idle connections of the Sender's own
// transport (not those of Options.Transport). The Sender stays usable.
func (s *Sender) CloseIdleConnections() {
	if s.own != nil {
		s.own.CloseIdleConnections()
	}
}

// GoString is String: %#v shows no secret either.
func (s *Sender) GoString() string { return s.String() }

// String describes the Sender without its key pair, such as
// "alidayu.Sender(hmac, eco.taobao.com)".
func (s *Sender) String() string {
	return "alidayu.Sender(" + s.settings.signMethod + ", " + s.settings.host + ")"
}

// Format prints String for every verb, so that no verb (%d, %x, %q of a
// Sender value too) makes fmt walk the Sender's fields.
func (s Sender) Format(f fmt.State, _ rune) { redact.Print(f, s.String()) }
