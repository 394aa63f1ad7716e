package twilioverify

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	openapi "github.com/twilio/twilio-go/rest/verify/v2"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
	"github.com/smskit/sms/provider/twilio/internal/wire"
	"github.com/smskit/sms/verify"
)

// Verifier is a verify.Verifier on Twilio Verify v2, through twilio-go's
// CreateVerification and CreateVerificationCheck. It is safe for
// concurrent use; New makes it.
//
// A Verifier prints without its auth token however it is printed, as
// provider/twilio's Sender: it holds the token only behind a func value.
type Verifier struct {
	opts     Options // without AuthToken and Services
	client   *wire.Client
	services map[string]string
	timeout  time.Duration
	validFor time.Duration
}

var _ verify.Verifier = (*Verifier)(nil)

// New checks opts and returns a Verifier. It makes no network call. Bad
// options are an *sms.OptionsError wrapping sms.ErrInvalidOptions that says
// what to fix.
func New(opts Options) (*Verifier, error) {
	services, err := opts.validate()
	if err != nil {
		return nil, err
	}
	base, _ := wire.ParseEndpoint(opts.Endpoint)
	v := &Verifier{
		client:   wire.NewClient(opts.AccountSID, opts.AuthToken, base, opts.Transport, opts.Now),
		services: services,
		timeout:  cmp.Or(opts.Timeout, DefaultTimeout),
		validFor: cmp.Or(opts.ValidFor, DefaultValidFor),
	}
	opts.AuthToken = "" // kept in v.client's keys only
	opts.Services = nil // in v.services; keeps no reference to the caller's map
	v.opts = opts
	return v, nil
}

// ValidFor returns how long a code is taken to be valid (Options.ValidFor
// or DefaultValidFor).
func (v *Verifier) ValidFor() time.Duration { return v.validFor }

// CloseIdleConnections closes the idle connections of the Verifier's HTTP
// transport, when it has such a method.
func (v *Verifier) CloseIdleConnections() { v.client.CloseIdleConnections() }

// String describes v without its auth token.
func (v Verifier) String() string {
	o := v.opts
	if v.client != nil {
		o.AuthToken = "hidden"
	}
	o.Services = v.services
	return "twilioverify.Verifier{" + o.String() + "}"
}

// GoString is String, so that %#v hides the auth token too.
func (v Verifier) GoString() string { return v.String() }

// LogValue implements slog.LogValuer without the auth token.
func (v Verifier) LogValue() slog.Value { return slog.StringValue(v.String()) }

// Start starts (or continues) the verification of req.To on the Service of
// req.Purpose and has Twilio send its code by SMS. While a verification is
// pending Twilio sends the same code again, so Start is also "resend";
// the sixth send of one verification is refused with RateLimited,
// PerRecipient and NotAccepted (Twilio's 60203).
//
// req.Code, when set, is Twilio's CustomCode: 4 to 10 letters or digits.
// req.Key is sent as DeviceIp when it is an IP address, and as the value
// of Options.RateLimitKey when that is set; otherwise it is not sent.
//
// The Verification's ID is Twilio's verification SID ("VE…"), Expires its
// date_created plus Options.ValidFor, ResendAfter the time of the answer
// (Twilio has no resend interval), Sends the send attempts Twilio lists,
// and Result.RequestID the Twilio-Request-Id; Result.MessageID is empty:
// Verify does not give the SMS's message SID.
func (v *Verifier) Start(ctx context.Context, req verify.Request) (verify.Verification, error) {
	service, phone, err := v.prepare(ctx, req.To, req.Purpose)
	if err != nil {
		return verify.Verification{}, err
	}
	if req.Code != "" && !validCode(req.Code) {
		return verify.Verification{}, refuse("the code must be 4 to 10 letters or digits (Twilio's CustomCode)")
	}
	to := phone.E164()
	params := &openapi.CreateVerificationParams{}
	params.SetTo(to)
	params.SetChannel("sms")
	if v.opts.Locale != "" {
		params.SetLocale(v.opts.Locale)
	}
	if req.Code != "" {
		params.SetCustomCode(req.Code)
	}
	if isIP(req.Key) {
		params.SetDeviceIp(req.Key)
	}
	if v.opts.RateLimitKey != "" && req.Key != "" {
		params.SetRateLimits(map[string]any{v.opts.RateLimitKey: req.Key})
	}

	ctx, cancel := v.withTimeout(ctx)
	defer cancel()
	c, handler := v.client.NewCall(ctx)
	_, err = openapi.NewApiService(handler).CreateVerification(service, params)
	a := c.Answer()
	if a == nil || !a.OK() {
		e := v.client.Failure(ctx, c, err, v.client.Secrets(to, phone.National, req.Code, req.Key), phone.National, aVerification)
		return verify.Verification{}, startError(e)
	}
	var r resource
	if !a.Decode(&r) || r.SID == nil || !wire.IsSID(*r.SID, "VE") {
		return verify.Verification{}, v.client.FromAnswer(a, phone.National, aVerification)
	}
	now := v.client.Now()
	created := now
	if t, ok := r.created(); ok && t.Before(now.Add(time.Minute)) && t.After(now.Add(-MaxValidFor)) {
		created = t // a resend: the code's validity runs from the verification's start
	}
	return verify.Verification{
		ID:          *r.SID,
		Expires:     created.Add(v.validFor),
		ResendAfter: now,
		Sends:       max(1, min(len(r.SendCodeAttempts), MaxSends)),
		Result:      sms.Result{Provider: Name, RequestID: v.client.CleanRequestID(a.RequestID, phone.National)},
	}, nil
}

// Check checks c.Code against the pending verification of c.To on the
// Service of c.Purpose. Twilio's answers map to outcomes:
//
//	status approved                          Approved
//	status pending (a wrong code)            WrongCode, AttemptsLeft -1
//	status max_attempts_reached, or 60202    TooManyAttempts
//	status expired                           Expired
//	20404 (HTTP 404), canceled, deleted      NotFound
//
// Twilio deletes a verification once it is approved or expired, and then
// answers 20404 for both, as for a number it never verified: an expired
// code is reported NotFound, never Expired (Twilio cannot tell them
// apart). It does not say how many checks are left either, so WrongCode
// comes with AttemptsLeft -1 (Twilio allows MaxChecks per verification).
//
// A code that cannot be one (not 4 to 10 letters or digits) is refused
// with InvalidArgument before any request, and counts no attempt. An error
// means nothing was decided; a check whose answer was lost may still have
// counted an attempt at Twilio.
func (v *Verifier) Check(ctx context.Context, chk verify.Check) (verify.Outcome, error) {
	service, phone, err := v.prepare(ctx, chk.To, chk.Purpose)
	if err != nil {
		return verify.Outcome{}, err
	}
	if !validCode(chk.Code) {
		return verify.Outcome{}, refuse("the code must be 4 to 10 letters or digits")
	}
	to := phone.E164()
	params := &openapi.CreateVerificationCheckParams{}
	params.SetTo(to)
	params.SetCode(chk.Code)

	ctx, cancel := v.withTimeout(ctx)
	defer cancel()
	c, handler := v.client.NewCall(ctx)
	_, err = openapi.NewApiService(handler).CreateVerificationCheck(service, params)
	a := c.Answer()
	switch {
	case a == nil:
		return verify.Outcome{}, v.client.Failure(ctx, c, err, v.client.Secrets(to, phone.National, chk.Code, chk.Key), phone.National, aCheck)
	case a.Status == 404 && a.TwilioCode() == 20404:
		return verify.Outcome{Status: verify.NotFound}, nil
	case a.Status == 429 && a.TwilioCode() == 60202:
		return verify.Outcome{Status: verify.TooManyAttempts}, nil
	case !a.OK():
		return verify.Outcome{}, v.client.FromAnswer(a, phone.National, aCheck)
	}
	var r resource
	if !a.Decode(&r) || r.SID == nil || !wire.IsSID(*r.SID, "VE") || r.Status == nil {
		return verify.Outcome{}, v.client.FromAnswer(a, phone.National, aCheck)
	}
	switch *r.Status {
	case "approved":
		return verify.Outcome{Status: verify.Approved}, nil
	case "pending":
		return verify.Outcome{Status: verify.WrongCode, AttemptsLeft: -1}, nil
	case "max_attempts_reached":
		return verify.Outcome{Status: verify.TooManyAttempts}, nil
	case "expired":
		return verify.Outcome{Status: verify.Expired}, nil
	case "canceled", "deleted":
		return verify.Outcome{Status: verify.NotFound}, nil
	}
	return verify.Outcome{}, &sms.Error{Code: sms.Unknown, Provider: Name,
		RequestID: v.client.CleanRequestID(a.RequestID, phone.National),
		Message:   "twilio's check answer has a status smskit does not know", Err: wire.ErrUnexpectedAnswer}
}

// prepare checks what Start and Check share: the context, the purpose's
// Service and the number.
func (v *Verifier) prepare(ctx context.Context, to, purpose string) (string, sms.Phone, error) {
	if ctx == nil {
		return "", sms.Phone{}, &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name,
			Message: "nil context.Context: pass context.Background() or a request's context", Err: sms.ErrNilContext}
	}
	if err := ctx.Err(); err != nil {
		return "", sms.Phone{}, wire.ContextError(err, true)
	}
	service, ok := v.services[cmp.Or(purpose, verify.DefaultPurpose)]
	if !ok {
		return "", sms.Phone{}, refuse("purpose " + sms.Quote(cmp.Or(purpose, verify.DefaultPurpose)) +
			" has no Verify Service: add it to Options.Services")
	}
	phone, err := sms.ParsePhone(to, v.opts.DefaultRegion)
	if err != nil {
		return "", sms.Phone{}, sms.WithProvider(err, Name)
	}
	return service, phone, nil
}

func (v *Verifier) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if v.timeout > 0 {
		return context.WithTimeout(ctx, v.timeout)
	}
	return ctx, func() {}
}

// startError adds to an error of Start what Verify's codes say about the
// recipient: 60203 (the verification's sends are used up) and 60212 (too
// many concurrent requests for the number) concern this recipient only;
// 20404 there means the Service (or the account) was not found.
func startError(e *sms.Error) *sms.Error {
	switch e.ProviderCode {
	case "60203", "60212":
		e.PerRecipient = true
	case "20404":
		e.Message = "the Verify Service was not found: check Options.ServiceSID or Services and the account SID"
	}
	return e
}

func refuse(message string) *sms.Error {
	return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name, Message: message}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Format prints String for every verb, so that no verb (%d, %x, %q) makes
// fmt walk the Verifier's fields.
func (v Verifier) Format(f fmt.State, _ rune) { redact.Print(f, v.String()) }
