package aliyunverify

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dypnsapi"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/internal/hosted"
	"github.com/smskit/sms/verify"
)

// Verifier implements verify.Verifier with Aliyun's hosted verification
// service (Dypnsapi SendSmsVerifyCode and CheckSmsVerifyCode): Aliyun
// generates, sends, keeps and checks the codes. It is safe for concurrent
// use; see the package documentation for what it maps and refuses.
type Verifier struct {
	s      settings
	client hosted.Client
	// sendClasses are the Dypnsapi error codes of SendSmsVerifyCode that
	// package aliyun's table does not hold.
	sendClasses map[string]hosted.Class
}

var _ verify.Verifier = (*Verifier)(nil)

// New returns a Verifier configured by o. It makes no network call. Invalid
// options are an error wrapping sms.ErrInvalidOptions (an
// *sms.OptionsError) that says what to fix.
func New(o Options) (*Verifier, error) {
	s, err := o.check()
	if err != nil {
		return nil, err
	}
	client, err := hosted.New(hosted.Config{AccessKeyID: o.AccessKeyID, AccessKeySecret: o.AccessKeySecret,
		Credentials: o.Credentials, RegionID: o.RegionID, Endpoint: s.endpoint, ConnectTimeout: o.ConnectTimeout,
		Timeout: o.Timeout, MaxIdleConns: o.MaxIdleConns, Transport: o.Transport}, newDypnsClient)
	if err != nil {
		return nil, err
	}
	return &Verifier{s: s, client: client, sendClasses: map[string]hosted.Class{
		codeFrequency: {Code: sms.RateLimited, NotAccepted: true, PerRecipient: true, RetryAfter: s.interval,
			What: "a code was sent to this number less than Interval (" +
				sms.RoundDuration(s.interval).String() + ") ago"},
	}}, nil
}

// codeFrequency is Dypnsapi's refusal of a send within Interval of the
// previous one.
const codeFrequency = "biz.FREQUENCY"

// newDypnsClient makes the SDK's Dypnsapi client.
func newDypnsClient(regionID string, cfg *sdk.Config, creds auth.Credential) (*sdk.Client, error) {
	c, err := dypnsapi.NewClientWithOptions(regionID, cfg, creds)
	if err != nil {
		return nil, err
	}
	return &c.Client, nil
}

// Start asks Aliyun to generate a code for req.To and send it
// (SendSmsVerifyCode). req.Purpose is sent as OutId, so that a code of one
// purpose never passes a Check of another; req.Key is not used (Aliyun
// limits per number); a non-empty req.Code is refused, as Aliyun does not
// verify a code it did not generate. The Verification's ID is Aliyun's
// BizId and its Sends is 0: Aliyun does not count them.
//
// A send that may have reached Aliyun (the connection lost after the
// request was written, an answer that cannot be read) fails with an error
// whose NotAccepted is false: the code may still arrive.
func (v *Verifier) Start(ctx context.Context, req verify.Request) (verify.Verification, error) {
	if req.Code != "" {
		return verify.Verification{}, invalid(errors.ErrUnsupported,
			"Aliyun's hosted service does not verify a code it did not generate: leave Request.Code empty")
	}
	phone, purpose, err := v.target(req.To, req.Purpose)
	if err != nil {
		return verify.Verification{}, err
	}
	r := dypnsapi.CreateSendSmsVerifyCodeRequest()
	r.PhoneNumber = phone.National
	r.CountryCode = "86"
	r.SignName = v.s.signName
	r.TemplateCode = v.s.templateCode
	r.TemplateParam = v.s.templateParam
	r.SchemeName = v.s.schemeName
	r.OutId = purpose
	r.CodeLength = requests.NewInteger(v.s.codeLength)
	r.CodeType = requests.NewInteger(v.s.codeType)
	r.ValidTime = requests.NewInteger(int(v.s.validTime.Seconds()))
	r.Interval = requests.NewInteger(int(v.s.interval.Seconds()))
	r.DuplicatePolicy = requests.NewInteger(v.s.duplicate)
	resp := dypnsapi.CreateSendSmsVerifyCodeResponse()
	sec := hosted.Secrets{To: phone}
	now := v.s.now()
	fields := func() (string, string) { return resp.Code, resp.Model.RequestId }
	ans, e := v.client.Do(ctx, r, resp, resp.BaseResponse, fields, sec, v.sendClasses)
	if e != nil {
		return verify.Verification{}, e
	}
	bizID := resp.Model.BizId
	if !ans.Decoded || !v.client.SafeID(bizID, ans.Secrets) {
		return verify.Verification{}, &sms.Error{Code: sms.Unknown, Provider: aliyun.Name, ProviderCode: "OK",
			RequestID: ans.RequestID, Message: "Aliyun accepted the code (Code OK) but gave no usable BizId: " +
				"it was probably sent"}
	}
	return verify.Verification{
		ID:          bizID,
		Expires:     now.Add(v.s.validTime),
		ResendAfter: now.Add(v.s.interval),
		Result:      sms.Result{Provider: aliyun.Name, MessageID: bizID, RequestID: ans.RequestID},
	}, nil
}

// Check asks Aliyun whether c.Code is the code of c.To and c.Purpose
// (CheckSmsVerifyCode). PASS is Approved; UNKNOWN is WrongCode with
// AttemptsLeft -1, since Aliyun tells neither a wrong code from an expired,
// used or superseded one, nor how many checks are left. A code that cannot
// be one Aliyun generated (of another length, or with characters outside
// CodeType's) is WrongCode without a call. c.Key is not used.
func (v *Verifier) Check(ctx context.Context, c verify.Check) (verify.Outcome, error) {
	if c.Code == "" {
		return verify.Outcome{}, invalid(nil, "empty code")
	}
	phone, purpose, err := v.target(c.To, c.Purpose)
	if err != nil {
		return verify.Outcome{}, err
	}
	wrong := verify.Outcome{Status: verify.WrongCode, AttemptsLeft: -1}
	if !v.couldBeCode(c.Code) {
		if ctx == nil {
			return verify.Outcome{}, invalid(sms.ErrNilContext, "nil context.Context: pass context.Background() or a request's context")
		}
		return wrong, nil
	}
	r := dypnsapi.CreateCheckSmsVerifyCodeRequest()
	r.PhoneNumber = phone.National
	r.CountryCode = "86"
	r.VerifyCode = c.Code
	r.SchemeName = v.s.schemeName
	r.OutId = purpose
	resp := dypnsapi.CreateCheckSmsVerifyCodeResponse()
	fields := func() (string, string) { return resp.Code, resp.Model.RequestId }
	ans, e := v.client.Do(ctx, r, resp, resp.BaseResponse, fields, hosted.Secrets{To: phone, Values: []string{c.Code}}, nil)
	if e != nil {
		return verify.Outcome{}, e
	}
	switch {
	case !ans.Decoded:
	case resp.Model.VerifyResult == "PASS":
		return verify.Outcome{Status: verify.Approved}, nil
	case resp.Model.VerifyResult == "UNKNOWN":
		return wrong, nil
	}
	return verify.Outcome{}, &sms.Error{Code: sms.Unknown, NotAccepted: true, Provider: aliyun.Name,
		ProviderCode: "OK", RequestID: ans.RequestID,
		Message: "CheckSmsVerifyCode answer without a VerifyResult of PASS or UNKNOWN: nothing was decided"}
}

// target reads the recipient, a mainland number, and the purpose.
func (v *Verifier) target(to, purpose string) (sms.Phone, string, error) {
	if len(to) > sms.MaxRecipientLength {
		return sms.Phone{}, "", invalid(sms.ErrInvalidNumber, "recipient is longer than "+
			strconv.Itoa(sms.MaxRecipientLength)+" bytes")
	}
	phone, err := sms.ParsePhone(to, v.s.defaultRegion)
	if err != nil {
		return sms.Phone{}, "", sms.WithProvider(err, aliyun.Name)
	}
	if phone.CountryCode != 86 {
		return sms.Phone{}, "", invalid(sms.ErrInvalidNumber,
			"Aliyun's verification service sends to mainland China numbers (+86) only")
	}
	if purpose == "" {
		purpose = verify.DefaultPurpose
	}
	if !purposePattern(purpose) {
		return sms.Phone{}, "", invalid(nil, "purpose is not 1 to "+strconv.Itoa(maxPurpose)+
			" letters, digits, '.', '_' or '-'")
	}
	return phone, purpose, nil
}

// maxPurpose is the longest purpose, in bytes: it travels as OutId.
const maxPurpose = 64

// purposePattern reports whether p is 1 to maxPurpose letters, digits,
// '.', '_' or '-'.
func purposePattern(p string) bool {
	if len(p) == 0 || len(p) > maxPurpose {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// couldBeCode reports whether code has the length and characters of the
// codes Aliyun generates for v. (Letters of either case count for the
// letter types: Aliyun may compare them without case.)
func (v *Verifier) couldBeCode(code string) bool {
	if len(code) != v.s.codeLength {
		return false
	}
	digits := v.s.codeType == 1 || v.s.codeType >= 5
	letters := v.s.codeType >= 2
	for i := 0; i < len(code); i++ {
		c := code[i]
		isDigit := c >= '0' && c <= '9'
		isLetter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !(digits && isDigit || letters && isLetter) {
			return false
		}
	}
	return true
}

// CloseIdleConnections closes the idle connections of the Verifier's own
// transport (not those of Options.Transport).
func (v *Verifier) CloseIdleConnections() { v.client.CloseIdleConnections() }

// String describes v without secrets.
func (v *Verifier) String() string {
	return "aliyunverify.Verifier(" + v.client.Describe() + ", TemplateCode: " + v.s.templateCode + ")"
}

// invalid reports a request this backend cannot serve: InvalidArgument,
// not accepted.
func invalid(rule error, message string) *sms.Error {
	return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: aliyun.Name, Message: message, Err: rule}
}

// GoString is String, so that %#v hides the credentials too.
func (v *Verifier) GoString() string { return v.String() }

// Format prints String for every verb, so that no verb (%d, %x, %q of a
// Verifier value too) makes fmt walk the Verifier's fields.
func (v Verifier) Format(f fmt.State, _ rune) { redact.Print(f, v.String()) }
