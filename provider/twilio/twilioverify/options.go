package twilioverify

import (
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
	"github.com/smskit/sms/provider/twilio/internal/wire"
	"github.com/smskit/sms/verify"
)

// Name is the provider name in the Verifier's *sms.Error and sms.Result:
// "twilio", as provider/twilio's.
const Name = wire.Name

// Defaults of Options.
const (
	// DefaultTimeout bounds each call when Options.Timeout is zero, as
	// twilio-go's own HTTP client does.
	DefaultTimeout = 10 * time.Second
	// DefaultValidFor is Options.ValidFor when zero: Twilio's default
	// validity of a code, 10 minutes.
	DefaultValidFor = 10 * time.Minute
	// MinValidFor and MaxValidFor bound Options.ValidFor: the validities
	// Twilio's support can set for a Service.
	MinValidFor = 2 * time.Minute
	MaxValidFor = 24 * time.Hour
	// MaxChecks and MaxSends are Twilio's limits per verification: the
	// sixth check is TooManyAttempts, the sixth send RateLimited.
	MaxChecks = 5
	MaxSends  = 5
)

// Options configures a Verifier. AccountSID, AuthToken and a Verify
// Service (ServiceSID or Services) are required; every other zero value is
// a documented default.
//
// Options's String and LogValue never show AuthToken.
type Options struct {
	// AccountSID is the account, "AC" and 32 hexadecimal digits.
	AccountSID string
	// AuthToken is the account's auth token, letters and digits. It is a
	// secret: it never appears in an error, a log line or a String.
	AuthToken string
	// ServiceSID is the Verify Service ("VA" and 32 hexadecimal digits) of
	// verify.DefaultPurpose, the purpose of a Request without one.
	ServiceSID string
	// Services maps other purposes ("login", "reset") to their Verify
	// Services. Twilio keeps one pending verification per Service and
	// number, so a purpose is a Service: two purposes on one Service would
	// share their code. A Request or Check whose purpose has no Service is
	// refused (InvalidArgument, before any request). Services may name the
	// same SID for two purposes only when sharing the code is meant.
	Services map[string]string
	// Locale, when set, is Twilio's Locale of the SMS, such as "en" or
	// "zh-HK"; empty lets Twilio choose by the recipient's country.
	Locale string
	// RateLimitKey, when set, is the unique name of one of the Service's
	// Programmable Rate Limits: a Request's Key is sent as its value, so
	// that Twilio limits the sends per key (client IP, account) besides
	// the recipient. Empty sends Key only as DeviceIp, when it is an IP
	// address.
	RateLimitKey string
	// ValidFor is the Service's code validity, as configured at Twilio:
	// Twilio does not say it in its answers, so Verification.Expires is
	// the verification's date_created plus ValidFor. Zero means
	// DefaultValidFor; it must be within MinValidFor and MaxValidFor.
	ValidFor time.Duration
	// DefaultRegion is the region of recipients written without a country
	// code, such as "US"; empty means sms.DefaultRegion.
	DefaultRegion string
	// Endpoint replaces every Twilio host (verify.twilio.com included),
	// such as a twiliotest Server's URL or a proxy's: "https://host[:port]",
	// whose path, if any, prefixes the API's. Empty means twilio-go's own
	// URL, which honours TWILIO_EDGE and TWILIO_REGION as read at New.
	Endpoint string
	// Timeout bounds each Start and Check, on top of the caller's context;
	// zero means DefaultTimeout and a negative value means no bound.
	Timeout time.Duration
	// Transport sends the HTTP requests; nil means a transport of the
	// Verifier's own, configured as http.DefaultTransport but reading at
	// most twilio.MaxAnswerBytes of an answer's header. The Verifier never
	// follows a redirect, whatever the transport. The transport must honour
	// the request context (cancellation and httptrace hooks), as
	// net/http's Transport does: a failure before httptrace's GotConn is
	// taken for a request that was never written.
	Transport http.RoundTripper
	// Now is the clock of Verification.Expires when an answer has no
	// date, and of Retry-After dates; nil means time.Now.
	Now func() time.Time
}

var (
	alphanumeric = regexp.MustCompile(`^[a-zA-Z0-9]+$`)
	localePat    = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$`)
	rateLimitPat = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,64}$`)
)

// String describes o without its auth token.
func (o Options) String() string {
	var b strings.Builder
	b.WriteString("twilioverify.Options{AccountSID: ")
	b.WriteString(sms.Quote(o.AccountSID))
	if o.AuthToken != "" {
		b.WriteString(", AuthToken: hidden")
	}
	if o.ServiceSID != "" {
		b.WriteString(", ServiceSID: ")
		b.WriteString(sms.Quote(o.ServiceSID))
	}
	if len(o.Services) > 0 {
		purposes := make([]string, 0, len(o.Services))
		for p := range o.Services {
			purposes = append(purposes, p)
		}
		slices.Sort(purposes)
		b.WriteString(", Services: {")
		for i, p := range purposes {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(sms.Quote(p) + ": " + sms.Quote(o.Services[p]))
		}
		b.WriteString("}")
	}
	if o.Endpoint != "" {
		b.WriteString(", Endpoint: ")
		b.WriteString(redact.Setting(o.Endpoint))
	}
	b.WriteString("}")
	return b.String()
}

// GoString is String, so that %#v hides the auth token too.
func (o Options) GoString() string { return o.String() }

// LogValue implements slog.LogValuer without the auth token.
func (o Options) LogValue() slog.Value { return slog.StringValue(o.String()) }

// services returns the purpose-to-Service map o describes, or the reason
// it cannot be used.
func (o Options) services() (map[string]string, string) {
	out := make(map[string]string, len(o.Services)+1)
	for p, sid := range o.Services {
		switch {
		case p == "" || len(p) > sms.MaxNameLength || strings.ContainsFunc(p, isControl):
			return nil, "Services: a purpose must be 1 to " + itoa(sms.MaxNameLength) + " characters without control characters"
		case !wire.IsSID(sid, "VA"):
			return nil, "Services: the Service of purpose " + sms.Quote(p) + ` must be "VA" and 32 hexadecimal digits`
		}
		out[p] = sid
	}
	if o.ServiceSID != "" {
		if !wire.IsSID(o.ServiceSID, "VA") {
			return nil, `ServiceSID must be "VA" and 32 hexadecimal digits`
		}
		if sid, ok := out[verify.DefaultPurpose]; ok && sid != o.ServiceSID {
			return nil, "ServiceSID and Services[" + sms.Quote(verify.DefaultPurpose) + "] differ"
		}
		out[verify.DefaultPurpose] = o.ServiceSID
	}
	if len(out) == 0 {
		return nil, "ServiceSID or Services is required"
	}
	return out, ""
}

// validate checks o. A problem is an *sms.OptionsError.
func (o Options) validate() (map[string]string, error) {
	var reason string
	switch {
	case o.AccountSID == "":
		reason = "AccountSID is required"
	case !wire.IsSID(o.AccountSID, "AC"):
		reason = `AccountSID must be "AC" and 32 hexadecimal digits`
	case o.AuthToken == "":
		reason = "AuthToken is required"
	case len(o.AuthToken) > 128 || !alphanumeric.MatchString(o.AuthToken):
		reason = "AuthToken must be at most 128 letters and digits"
	case o.Locale != "" && !localePat.MatchString(o.Locale):
		reason = `Locale must be a language tag such as "en" or "zh-HK"`
	case o.RateLimitKey != "" && !rateLimitPat.MatchString(o.RateLimitKey):
		reason = "RateLimitKey must be a rate limit's unique name: up to 64 letters, digits, '_', '-' or '.'"
	case o.ValidFor != 0 && (o.ValidFor < MinValidFor || o.ValidFor > MaxValidFor):
		reason = "ValidFor must be between " + sms.RoundDuration(MinValidFor).String() + " and " + sms.RoundDuration(MaxValidFor).String()
	}
	if reason == "" && o.Endpoint != "" {
		if _, ok := wire.ParseEndpoint(o.Endpoint); !ok {
			reason = `Endpoint must be an absolute http or https URL, such as "https://host:port"`
		}
	}
	var services map[string]string
	if reason == "" {
		services, reason = o.services()
	}
	if reason != "" {
		return nil, sms.NewOptionsError(Name, reason)
	}
	return services, nil
}

func isControl(r rune) bool { return r < ' ' || r == 0x7f }

// Format prints String for every verb, so that no verb (%d, %x, %q of a
// value too) makes fmt print the fields, AuthToken among them.
func (o Options) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }
