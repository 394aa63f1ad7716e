package twilio

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
	"github.com/smskit/sms/provider/twilio/internal/wire"
)

// Name is the provider name in Result.Provider and Error.Provider, and the
// default Options.TemplateKey.
const Name = wire.Name

// DefaultTimeout bounds each Send when Options.Timeout is zero, as
// twilio-go's own HTTP client does.
const DefaultTimeout = 10 * time.Second

// Options configures a Sender. AccountSID, AuthToken, and From or
// MessagingServiceSID are required; every other zero value is a documented
// default.
//
// Options's String and LogValue never show AuthToken. Options holds the
// token as given, so keep it out of values that are printed whole (New
// keeps its own copy where printing cannot reach it).
type Options struct {
	// AccountSID is the account, "AC" and 32 hexadecimal digits.
	AccountSID string
	// AuthToken is the account's auth token, letters and digits. It is a
	// secret: it never appears in an error, a log line or a String.
	AuthToken string
	// From is the default sender: a Twilio phone number in E.164, a short
	// code or an alphanumeric sender id. A Message's Sign overrides it.
	From string
	// MessagingServiceSID is the Messaging Service to send through, "MG"
	// and 32 hexadecimal digits. With it, From may be empty: Twilio picks a
	// sender from the service's pool.
	MessagingServiceSID string
	// StatusCallback is an absolute http(s) URL Twilio calls as each
	// message's status changes; empty means none.
	StatusCallback string
	// Templates are the application's logical templates, declared once for
	// every provider (see sms.Template). This Sender reads each template's
	// Text, with ${name} placeholders ("Your code is ${code}"), which is
	// required, and its Signs[TemplateKey], which when set replaces From
	// for messages of that template (a Message.Sign still wins). Codes are
	// ignored. A Message without Body is sent as its Template's Text with
	// its Params substituted. New fails, naming the template, on a missing
	// or malformed Text, a missing Kind, or an empty or repeated name.
	Templates []sms.Template
	// TemplateKey is the key of sms.Template.Signs this Sender reads; empty
	// means Name ("twilio"). Two Senders for two Twilio accounts can read
	// different keys of the same templates.
	TemplateKey string
	// DefaultRegion is the region of recipients written without a country
	// code, such as "US"; empty means sms.DefaultRegion.
	DefaultRegion string
	// Endpoint replaces https://api.twilio.com, such as a twiliotest
	// Server's URL or a proxy's: "https://host[:port]", whose path, if any,
	// prefixes the API's. Empty means twilio-go's own URL, which honours the
	// TWILIO_EDGE and TWILIO_REGION environment variables as read at New.
	Endpoint string
	// Timeout bounds each Send, on top of the caller's context; zero means
	// DefaultTimeout and a negative value means no bound.
	Timeout time.Duration
	// Transport sends the HTTP requests; nil means a transport of the
	// Sender's own, configured as http.DefaultTransport but reading at most
	// MaxAnswerBytes of an answer's header. The Sender never follows a
	// redirect, whatever the transport.
	// The transport must honour the request context (cancellation and
	// httptrace hooks), as net/http's Transport and wrappers of it do: a
	// failure before httptrace's GotConn is taken for a request that was
	// never written, and so NotAccepted.
	Transport http.RoundTripper
	// Now is the clock that turns a Retry-After date into a duration; nil
	// means time.Now.
	Now func() time.Time
}

var (
	accountSIDPattern = regexp.MustCompile(`^AC[0-9a-fA-F]{32}$`)
	serviceSIDPattern = regexp.MustCompile(`^MG[0-9a-fA-F]{32}$`)
	alphanumeric      = regexp.MustCompile(`^[a-zA-Z0-9]+$`)
)

// String describes o without its auth token.
func (o Options) String() string {
	var b strings.Builder
	b.WriteString("twilio.Options{AccountSID: ")
	b.WriteString(sms.Quote(o.AccountSID))
	if o.AuthToken != "" {
		b.WriteString(", AuthToken: hidden")
	}
	if o.From != "" {
		b.WriteString(", From: ")
		b.WriteString(sms.Quote(o.From))
	}
	if o.MessagingServiceSID != "" {
		b.WriteString(", MessagingServiceSID: ")
		b.WriteString(sms.Quote(o.MessagingServiceSID))
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
func (o Options) LogValue() slog.Value {
	return slog.StringValue(o.String())
}

// validate checks o and returns the parsed Endpoint, or nil for none.
// A problem is an *sms.OptionsError.
func (o Options) validate() (*url.URL, error) {
	var reason string
	switch {
	case o.AccountSID == "":
		reason = "AccountSID is required"
	case !accountSIDPattern.MatchString(o.AccountSID):
		reason = `AccountSID must be "AC" and 32 hexadecimal digits`
	case o.AuthToken == "":
		reason = "AuthToken is required"
	case len(o.AuthToken) > 128 || !alphanumeric.MatchString(o.AuthToken):
		reason = "AuthToken must be at most 128 letters and digits"
	case o.From == "" && o.MessagingServiceSID == "":
		reason = "From or MessagingServiceSID is required"
	case o.MessagingServiceSID != "" && !serviceSIDPattern.MatchString(o.MessagingServiceSID):
		reason = `MessagingServiceSID must be "MG" and 32 hexadecimal digits`
	case len(o.From) > sms.MaxNameLength || strings.ContainsFunc(o.From, isControl):
		reason = "From must be a sender of at most " + itoa(sms.MaxNameLength) + " characters without control characters"
	case o.StatusCallback != "" && !absoluteHTTP(o.StatusCallback):
		reason = "StatusCallback must be an absolute http or https URL"
	case o.Endpoint != "" && !absoluteHTTP(o.Endpoint):
		reason = `Endpoint must be an absolute http or https URL, such as "https://host:port"`
	case len(o.TemplateKey) > sms.MaxNameLength || strings.ContainsFunc(o.TemplateKey, isControl):
		reason = "TemplateKey must be a key of at most " + itoa(sms.MaxNameLength) + " characters without control characters"
	}
	if reason != "" {
		return nil, sms.NewOptionsError(Name, reason)
	}
	if o.Endpoint == "" {
		return nil, nil
	}
	u, _ := url.Parse(o.Endpoint)
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

func absoluteHTTP(raw string) bool {
	if len(raw) > 2048 {
		return false
	}
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func isControl(r rune) bool { return r < ' ' || r == 0x7f }

// Format prints String for every verb, so that no verb (%d, %x, %q of a
// value too) makes fmt print the fields, AuthToken among them.
func (o Options) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }
