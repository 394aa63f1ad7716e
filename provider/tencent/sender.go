package tencent

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/wiretrack"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// The API this package speaks.
const (
	service    = "sms"
	apiVersion = "2021-01-11"
	codeOK     = "Ok"
)

// Sender sends SMS through Tencent Cloud SMS (SendSms, API 2021-01-11)
// with the official SDK's common client, which signs each request with
// TC3-HMAC-SHA256. It is safe for concurrent use: one SDK client, and its
// one transport, serve every call, so connections are reused.
//
// A Sender never retries (the SDK's retries and its region breaker stay
// off), never follows a redirect, reads answers through a limit, and
// classifies every failure as an *sms.Error; see the package documentation.
// It also implements sms.StatusChecker and sms.TemplateChecker.
type Sender struct {
	settings settings
	// cred returns the key pair. A func value: fmt prints a func as an
	// address with every verb, even when it walks a Sender held by value in
	// an unexported field, where a pointer to a struct is printed whole
	// with %s, %q, %x and %X.
	cred      func() *credentials
	validator *sms.Validator
	orders    map[string][]string // template name → positional order
	client    *common.Client
	own       *http.Transport // nil when Options.Transport was given
}

// Compile-time checks of the capabilities.
var (
	_ sms.Sender          = (*Sender)(nil)
	_ sms.StatusChecker   = (*Sender)(nil)
	_ sms.TemplateChecker = (*Sender)(nil)
)

// New returns a Sender configured by o. It makes no network call: bad
// credentials show on the first Send. It refuses to work while the SDK's
// global common.DefaultHttpClient is set, which it would otherwise modify. Invalid options, including any
// template o.Rules() refuses and any ParamOrder entry that names no
// declared template, are an error wrapping sms.ErrInvalidOptions that says
// what to fix.
func New(o Options) (*Sender, error) {
	st, cred, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	if common.DefaultHttpClient != nil {
		// The SDK would hand that shared client to the Sender, which sets
		// its transport and timeout: every SDK client of the process
		// would change.
		return nil, optionsError("the SDK's global common.DefaultHttpClient is set: unset it, " +
			"and give the Sender Options.Transport instead")
	}
	order := make(map[string][]string, len(o.ParamOrder))
	for name, names := range o.ParamOrder {
		if !slices.ContainsFunc(o.Templates, func(t sms.Template) bool { return t.Name == name }) {
			return nil, optionsError("ParamOrder names template " + sms.Quote(name) + ", which is not declared")
		}
		order[name] = slices.Clone(names)
	}
	o.ParamOrder = order // the Rules see the Sender's copy
	v, err := sms.NewValidator(o.Rules(), o.Templates)
	if err != nil {
		return nil, err
	}
	orders := make(map[string][]string, len(o.Templates))
	for _, t := range o.Templates {
		orders[t.Name] = orderOf(t, order)
	}
	s := &Sender{settings: st, cred: func() *credentials { return &cred }, validator: v, orders: orders}
	base := st.Transport
	if base == nil {
		s.own = wiretrack.NewTransport(st.ConnectTimeout, st.MaxIdleConns)
		base = s.own
	}
	s.client = newClient(st, cred, &callTransport{base: base})
	return s, nil
}

// newClient returns the SDK's common client for st: no retries, no region
// breaker (it would switch endpoints), no SDK timeout (the Sender's context
// bounds each call), requests to st's endpoint over t.
func newClient(st settings, cred credentials, t http.RoundTripper) *common.Client {
	p := profile.NewClientProfile()
	p.HttpProfile.Endpoint = st.domain
	p.HttpProfile.Scheme = st.scheme
	p.HttpProfile.ReqMethod = "POST"
	p.HttpProfile.ReqTimeout = 0
	p.SignMethod = "TC3-HMAC-SHA256"
	p.Language = "en-US"
	p.DisableRegionBreaker = true
	p.NetworkFailureMaxRetries = 0
	p.RateLimitExceededMaxRetries = 0
	p.UnsafeRetryOnConnectionFailure = false
	c := common.NewCommonClient(common.NewCredential(cred.id, cred.key), st.RegionID, p)
	c.WithHttpTransport(t)
	return c
}

// Send sends msg with SendSms to one number. msg.To is any valid number
// (sent in E.164); msg.Template is a name from Options.Templates (or, when
// none is declared or Options.AllowUndeclaredTemplates is set, a template
// id); msg.Params become TemplateParamSet in the template's positional
// order (see Options.ParamOrder); msg.Reference becomes SessionContext. The
// sign is msg.Sign, or else the template's sign, or else Options.SignName.
// msg.Body is ignored. Everything Rules describes is checked before any
// request.
//
// Tencent answers per number (SendStatusSet): a status whose Code is not
// "Ok" is this message's failure, classified as an error answer. An error
// is an *sms.Error; nothing in it holds the SecretKey, the signature, the
// number or a param value.
func (s *Sender) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	p, err := s.validator.Prepare(ctx, msg)
	if err != nil {
		return sms.Result{}, err
	}
	m := p.Message
	var order []string
	if p.Declared {
		order = s.orders[p.Template.Name]
	}
	params := map[string]any{
		"PhoneNumberSet": []string{m.To},
		"SmsSdkAppId":    s.settings.SmsSdkAppID,
		"TemplateId":     p.Code,
	}
	if set := positional(order, m.Params); len(set) > 0 {
		params["TemplateParamSet"] = set
	}
	if sign := cmp.Or(p.Sign, s.settings.SignName); sign != "" {
		params["SignName"] = sign
	}
	if m.Reference != "" {
		params["SessionContext"] = m.Reference
	}
	if s.settings.ExtendCode != "" {
		params["ExtendCode"] = s.settings.ExtendCode
	}
	if s.settings.SenderID != "" && p.Phone.Region != mainlandRegion {
		params["SenderId"] = s.settings.SenderID
	}
	c := s.do(ctx, "SendSms", params)
	sec := callSecrets{cred: s.cred(), c: c, to: p.Phone, params: m.Params, reference: m.Reference}
	if c.status == 0 { // no answer: the transport failed
		return sms.Result{}, failure(ctx, c, sec.list())
	}
	return readSendAnswer(c, m.To, sec)
}

// do makes one SDK call of action with params under ctx and the Sender's
// Timeout, and returns its record once it is over. The SDK signs in the
// calling goroutine and sends under ctx, so the call ends promptly when ctx
// ends.
func (s *Sender) do(ctx context.Context, action string, params map[string]any) *call {
	ctx, cancel := context.WithTimeout(ctx, s.settings.Timeout)
	defer cancel()
	c := newCall()
	req := tchttp.NewCommonRequest(service, apiVersion, action)
	_ = req.SetActionParameters(params) // a map[string]any: never refused
	req.SetContext(context.WithValue(ctx, callKey{}, c))
	c.err = s.client.Send(req, &discard{})
	c.wire.Release()
	return c
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

// GoString is String: %#v shows no credentials either.
func (s *Sender) GoString() string { return s.String() }

// Format prints String for every verb, so that no verb (%s, %q, %x, %d
// of a Sender value or pointer) reaches the credentials the Sender and its
// SDK client hold.
func (s Sender) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// String describes the Sender without credentials, such as
// "tencent.Sender(app 1400006666, ap-guangzhou, sms.tencentcloudapi.com)".
func (s *Sender) String() string {
	return "tencent.Sender(app " + s.settings.SmsSdkAppID + ", " + s.settings.RegionID + ", " + s.settings.domain + ")"
}

// discard is the SDK's response for every call: the Sender reads the
// answer its transport kept (call.body), so the SDK decodes nothing.
type discard struct{}

// ParseErrorFromHTTPResponse implements tchttp.Response; the answer is
// classified by the Sender.
func (*discard) ParseErrorFromHTTPResponse([]byte) error { return nil }

// UnmarshalJSON skips the SDK's decoding of the answer.
func (*discard) UnmarshalJSON([]byte) error { return nil }
