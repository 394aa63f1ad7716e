package aliyunintl

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
	_ "github.com/smskit/sms/provider/aliyun" // sets hosted.New
	"github.com/smskit/sms/provider/aliyun/internal/hosted"
)

// Sender sends messages to numbers outside mainland China with Aliyun's
// international API (Dysmsapi 2018-05-01): SendMessageWithTemplate for a
// template with a code, SendMessageToGlobe for a template's Text or a Body.
// It is safe for concurrent use.
type Sender struct {
	v        *sms.Validator
	key      string
	from     string
	typ      Type
	validity int
	client   hosted.Client
}

var (
	_ sms.Sender          = (*Sender)(nil)
	_ sms.TemplateChecker = (*Sender)(nil)
)

// New returns a Sender configured by o. It makes no network call. Invalid
// options are an error wrapping sms.ErrInvalidOptions.
func New(o Options) (*Sender, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	rules := Rules()
	rules.DefaultRegion, rules.TemplateKey, rules.AllowUndeclared = o.DefaultRegion, o.TemplateKey, o.AllowUndeclared
	v, err := sms.NewValidator(rules, o.Templates)
	if err != nil {
		return nil, err
	}
	key := v.Rules().TemplateKey
	for _, t := range o.Templates {
		if t.Codes[key] == "" && t.Text == "" {
			return nil, optionsError("template " + sms.Quote(t.Name) + " has neither Codes[" + sms.Quote(key) +
				"] (SendMessageWithTemplate) nor Text (SendMessageToGlobe)")
		}
		if s := t.Signs[key]; s != "" && !SenderIDForm(s) {
			return nil, optionsError("template " + sms.Quote(t.Name) + " has a sign that is not a sender id")
		}
	}
	region, endpoint := o.RegionID, o.Endpoint
	if region == "" {
		region = DefaultRegionID
	}
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	client, err := hosted.New(hosted.Config{AccessKeyID: o.AccessKeyID, AccessKeySecret: o.AccessKeySecret,
		Credentials: o.Credentials, RegionID: region, Endpoint: endpoint, ConnectTimeout: o.ConnectTimeout,
		Timeout: o.Timeout, MaxIdleConns: o.MaxIdleConns, Transport: o.Transport}, newDysmsClient)
	if err != nil {
		return nil, sms.WithProvider(err, Name)
	}
	return &Sender{v: v, key: key, from: o.From, typ: o.Type, validity: int(o.ValidityPeriod / time.Second),
		client: client}, nil
}

// newDysmsClient makes the SDK's Dysmsapi client.
func newDysmsClient(regionID string, cfg *sdk.Config, creds auth.Credential) (*sdk.Client, error) {
	c, err := dysmsapi.NewClientWithOptions(regionID, cfg, creds)
	if err != nil {
		return nil, err
	}
	return &c.Client, nil
}

// Send sends msg to a number outside the mainland. A declared template
// with Codes[TemplateKey], or an undeclared name (AllowUndeclared, or no
// template declared), is sent as Aliyun's template by
// SendMessageWithTemplate; a declared template without a code is rendered
// from its Text, and a Body is sent as it is, by SendMessageToGlobe, with
// Type Options.Type or TypeOf the template's kind and Reference as TaskId.
// The sender id is msg.Sign, the template's Signs[TemplateKey] or
// Options.From.
//
// A mainland number (+86) is refused before any request: InvalidArgument
// wrapping ErrMainlandNumber, not accepted. Failures are classified and
// redacted as provider/aliyun's: one that may have reached Aliyun is never
// reported as not accepted.
func (s *Sender) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	p, err := s.v.Prepare(ctx, msg)
	if err != nil {
		return sms.Result{}, err
	}
	from := p.Sign
	if from == "" {
		from = s.from
	}
	if !SenderIDForm(from) && from != "" {
		return sms.Result{}, invalid(sms.ErrInvalidSign, "the sign is not a sender id: letters and digits, at most 11 with a letter or 15 digits")
	}
	to := p.Phone.E164()[1:] // country code and number, without "+"
	sec := hosted.Secrets{To: p.Phone}
	for _, v := range p.Message.Params {
		sec.Values = append(sec.Values, v)
	}
	if p.Message.Body != "" {
		sec.Values = append(sec.Values, p.Message.Body)
	}
	if p.Message.Template == "" || p.Declared && p.Template.Codes[s.key] == "" {
		text := p.Message.Body
		if text == "" {
			if text, err = p.Template.Render(p.Message.Params); err != nil {
				return sms.Result{}, invalid(err, "template "+sms.Quote(p.Template.Name)+" cannot be rendered")
			}
			sec.Values = append(sec.Values, text)
		}
		typ := s.typ
		if typ == "" {
			typ = TypeOf(p.Template.Kind)
		}
		r := dysmsapi.CreateSendMessageToGlobeRequest()
		r.To, r.From, r.Message, r.Type, r.TaskId = to, from, text, string(typ), p.Message.Reference
		if s.validity > 0 {
			r.ValidityPeriod = requests.NewInteger(s.validity)
		}
		resp := dysmsapi.CreateSendMessageToGlobeResponse()
		return s.do(ctx, r, resp, resp.BaseResponse, func() (string, string, string) {
			return resp.ResponseCode, resp.RequestId, resp.MessageId
		}, sec)
	}
	if p.Message.Reference != "" {
		return sms.Result{}, invalid(ErrNoReference, "SendMessageWithTemplate has no parameter for a reference: "+
			"leave Reference empty, or give the template a Text to send it with SendMessageToGlobe (TaskId)")
	}
	r := dysmsapi.CreateSendMessageWithTemplateRequest()
	r.To, r.From, r.TemplateCode = to, from, p.Code
	if len(p.Message.Params) > 0 {
		b, err := json.Marshal(p.Message.Params)
		if err != nil {
			return sms.Result{}, invalid(sms.ErrInvalidParam, "params cannot be encoded as JSON")
		}
		r.TemplateParam = string(b)
	}
	if s.validity > 0 {
		r.ValidityPeriod = requests.NewInteger(s.validity)
	}
	resp := dysmsapi.CreateSendMessageWithTemplateResponse()
	return s.do(ctx, r, resp, resp.BaseResponse, func() (string, string, string) {
		return resp.ResponseCode, resp.RequestId, resp.MessageId
	}, sec)
}

// do makes the call and reads its answer: ResponseCode, RequestId and
// MessageId, as fields returns them once the SDK decoded the answer.
func (s *Sender) do(ctx context.Context, r requests.AcsRequest, resp responses.AcsResponse, base *responses.BaseResponse,
	fields func() (code, requestID, messageID string), sec hosted.Secrets) (sms.Result, error) {
	ans, e := s.client.Do(ctx, r, resp, base, func() (string, string) {
		code, requestID, _ := fields()
		return code, requestID
	}, sec, nil)
	if e != nil {
		// A business refusal of the international API is HTTP 200 with
		// ResponseCode, where provider/aliyun reads Code: its reading
		// finds no Code and says "may have been accepted". The answer the
		// SDK decoded says otherwise.
		if code, _, _ := fields(); e.Code == sms.Unknown && base.GetHttpStatus() == http.StatusOK && code != "" && code != codeOK {
			return sms.Result{}, refusal(code, ans)
		}
		return sms.Result{}, own(e)
	}
	_, _, id := fields()
	if !ans.Decoded || !messageIDForm(id) || ans.Secrets.InID(id, redact.WholeNumbers) {
		return sms.Result{}, &sms.Error{Code: sms.Unknown, Provider: Name, ProviderCode: codeOK, RequestID: ans.RequestID,
			Message: "Aliyun accepted the message (ResponseCode OK) but gave no usable MessageId: it was probably sent"}
	}
	return sms.Result{Provider: Name, MessageID: id, RequestID: ans.RequestID}, nil
}

// codeOK is the ResponseCode of an accepted message.
const codeOK = "OK"

// messageIDForm reports whether id is 1 to 32 digits, the form of
// Aliyun's MessageId ("1008030xxx3003" in its documentation).
func messageIDForm(id string) bool {
	if len(id) == 0 || len(id) > 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return true
}

// CheckTemplate implements sms.TemplateChecker.
func (s *Sender) CheckTemplate(t sms.Template) error { return s.v.CheckTemplate(t) }

// CloseIdleConnections closes the idle connections of the Sender's own
// transport (not those of Options.Transport).
func (s *Sender) CloseIdleConnections() { s.client.CloseIdleConnections() }

// String describes s without secrets.
func (s *Sender) String() string { return "aliyunintl.Sender(" + s.client.Describe() + ")" }

// invalid reports a message this Sender cannot send: InvalidArgument, not
// accepted.
func invalid(rule error, message string) *sms.Error {
	return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name, Message: message, Err: rule}
}

// own names this provider on e, an error of the shared machinery.
func own(e *sms.Error) error {
	c := *e
	c.Provider = Name
	return &c
}

// GoString is String, so that %#v hides the credentials too.
func (s *Sender) GoString() string { return s.String() }

// Format prints String for every verb, so that no verb (%d, %x, %q of a
// Sender value too) makes fmt walk the Sender's fields.
func (s Sender) Format(f fmt.State, _ rune) { redact.Print(f, s.String()) }
