package aliyunvoice

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dyvmsapi"
	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
	_ "github.com/smskit/sms/provider/aliyun" // sets hosted.New
	"github.com/smskit/sms/provider/aliyun/internal/hosted"
)

// Sender places voice calls that read a TTS template (Dyvmsapi
// SingleCallByTts): a voice verification code or a voice notification. It
// implements sms.Sender (see the package documentation for why) and is safe
// for concurrent use.
type Sender struct {
	v       *sms.Validator
	o       Options
	client  hosted.Client
	classes map[string]hosted.Class
}

var (
	_ sms.Sender          = (*Sender)(nil)
	_ sms.TemplateChecker = (*Sender)(nil)
)

// The voice service's own codes for a refused call that provider/aliyun's
// table does not hold (https://help.aliyun.com/zh/vms/the-error-code-list):
// configuration an operator must fix.
const (
	codeTTSTemplateIllegal   = "isv.TTS_TEMPLATE_ILLEGAL"
	codeDisplayNumberIllegal = "isv.DISPLAY_NUMBER_ILLEGAL"
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
		if !ttsCodePattern.MatchString(t.Codes[key]) {
			return nil, optionsError("template " + sms.Quote(t.Name) + ` has no TTS template code ("TTS_" and digits) in Codes[` + sms.Quote(key) + "]")
		}
	}
	endpoint := o.Endpoint
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	client, err := hosted.New(hosted.Config{AccessKeyID: o.AccessKeyID, AccessKeySecret: o.AccessKeySecret,
		Credentials: o.Credentials, RegionID: o.RegionID, Endpoint: endpoint, ConnectTimeout: o.ConnectTimeout,
		Timeout: o.Timeout, MaxIdleConns: o.MaxIdleConns, Transport: o.Transport}, newDyvmsClient)
	if err != nil {
		return nil, sms.WithProvider(err, Name)
	}
	// The Sender keeps its credentials in client only: fmt cannot reach
	// them in a Sender held by value in an unexported field.
	o.AccessKeyID, o.AccessKeySecret, o.Credentials = "", "", nil
	return &Sender{v: v, o: o, client: client, classes: map[string]hosted.Class{
		codeTTSTemplateIllegal:   {Code: sms.PermissionDenied, NotAccepted: true, What: "TTS template not usable"},
		codeDisplayNumberIllegal: {Code: sms.PermissionDenied, NotAccepted: true, What: "CalledShowNumber not usable"},
	}}, nil
}

// newDyvmsClient makes the SDK's Dyvmsapi client.
func newDyvmsClient(regionID string, cfg *sdk.Config, creds auth.Credential) (*sdk.Client, error) {
	c, err := dyvmsapi.NewClientWithOptions(regionID, cfg, creds)
	if err != nil {
		return nil, err
	}
	return &c.Client, nil
}

// Send calls msg.To, a mainland number, and reads the TTS template
// msg.Template names (its Codes[TemplateKey], or the name itself when
// undeclared) with msg.Params as TtsParam; msg.Reference travels as OutId;
// msg.Body and msg.Sign are not used. Result.MessageID is Aliyun's CallId.
//
// A call that may have reached Aliyun is never reported as not accepted:
// the phone may still ring.
func (s *Sender) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	p, err := s.v.Prepare(ctx, msg)
	if err != nil {
		return sms.Result{}, err
	}
	r := dyvmsapi.CreateSingleCallByTtsRequest()
	r.CalledNumber = p.Phone.National
	r.CalledShowNumber = s.o.CalledShowNumber
	r.TtsCode = p.Code
	r.OutId = p.Message.Reference
	sec := hosted.Secrets{To: p.Phone}
	if len(p.Message.Params) > 0 {
		b, err := json.Marshal(p.Message.Params)
		if err != nil {
			return sms.Result{}, &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name,
				Err: sms.ErrInvalidParam, Message: "params cannot be encoded as JSON"}
		}
		r.TtsParam = string(b)
		for _, v := range p.Message.Params {
			sec.Values = append(sec.Values, v)
		}
	}
	if s.o.PlayTimes > 0 {
		r.PlayTimes = requests.NewInteger(s.o.PlayTimes)
	}
	if s.o.Volume > 0 {
		r.Volume = requests.NewInteger(s.o.Volume)
	}
	if s.o.Speed != 0 {
		r.Speed = requests.NewInteger(s.o.Speed)
	}
	resp := dyvmsapi.CreateSingleCallByTtsResponse()
	fields := func() (string, string) { return resp.Code, resp.RequestId }
	ans, e := s.client.Do(ctx, r, resp, resp.BaseResponse, fields, sec, s.classes)
	if e != nil {
		return sms.Result{}, sms.WithProvider(e, Name)
	}
	if !ans.Decoded || !s.client.SafeID(resp.CallId, ans.Secrets) {
		return sms.Result{}, &sms.Error{Code: sms.Unknown, Provider: Name, ProviderCode: "OK", RequestID: ans.RequestID,
			Message: "Aliyun accepted the call (Code OK) but gave no usable CallId: the phone probably rang"}
	}
	return sms.Result{Provider: Name, MessageID: resp.CallId, RequestID: ans.RequestID}, nil
}

// CheckTemplate implements sms.TemplateChecker.
func (s *Sender) CheckTemplate(t sms.Template) error { return s.v.CheckTemplate(t) }

// CloseIdleConnections closes the idle connections of the Sender's own
// transport (not those of Options.Transport).
func (s *Sender) CloseIdleConnections() { s.client.CloseIdleConnections() }

// String describes s without secrets.
func (s *Sender) String() string { return "aliyunvoice.Sender(" + s.client.Describe() + ")" }

// GoString is String, so that %#v hides the credentials too.
func (s *Sender) GoString() string { return s.String() }

// Format prints String for every verb, so that no verb (%d, %x, %q of a
// Sender value too) makes fmt walk the Sender's fields.
func (s Sender) Format(f fmt.State, _ rune) { redact.Print(f, s.String()) }
