package twilio

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/smskit/sms"
)

// Name is the provider name in Result.Provider and Error.Provider.
const Name = "twilio"

// DefaultTimeout bounds each Send when Options.Timeout is zero, as
// twilio-go's own HTTP client does.
const DefaultTimeout = 10 * time.Second

// ErrInvalidOptions is wrapped by the error New returns for bad Options.
var ErrInvalidOptions = errors.New("twilio: invalid options")

// Options configures a Sender. AccountSID, AuthToken, and From or
// MessagingServiceSID are required; every other zero value is a documented
// default.
//
// Options's String and LogValue never show AuthToken.
type Options struct {
	// AccountSID is the account, "AC" and 32 hexadecimal digits.
	AccountSID string
	// AuthToken is the account's auth token. It is a secret: it never
	// appears in an error, a log line or a String.
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
	// required, and its Signs["twilio"], which when set replaces From for
	// messages of that template (a Message.Sign still wins). Codes are
	// ignored. A Message without Body is sent as its Template's Text with its
	// Params substituted. New fails, naming the template, on a missing or
	// malformed Text or an empty or repeated name.
	Templates []sms.Template
	// DefaultRegion is the region of recipients written without a country
	// code, such as "US"; empty means sms.DefaultRegion.
	DefaultRegion string
	// BaseURL replaces https://api.twilio.com, such as a twiliotest
	// Server's URL or a proxy's; its path, if any, prefixes the API's. Empty
	// means twilio-go's own URL, which honours the TWILIO_EDGE and
	// TWILIO_REGION environment variables as read at New.
	BaseURL string
	// Timeout bounds each Send, on top of the caller's context; zero means
	// DefaultTimeout and a negative value means no bound.
	Timeout time.Duration
	// HTTPTransport sends the HTTP requests; nil means a transport of the
	// Sender's own, configured as http.DefaultTransport.
	// It must honour the request context (cancellation and httptrace
	// hooks), as net/http's Transport and wrappers of it do: a failure
	// before httptrace's GotConn is taken for a request that was never
	// written, and so NotAccepted.
	HTTPTransport http.RoundTripper
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
	b.WriteString(o.AccountSID)
	if o.AuthToken != "" {
		b.WriteString(", AuthToken: hidden")
	}
	if o.From != "" {
		b.WriteString(", From: ")
		b.WriteString(o.From)
	}
	if o.MessagingServiceSID != "" {
		b.WriteString(", MessagingServiceSID: ")
		b.WriteString(o.MessagingServiceSID)
	}
	if o.BaseURL != "" {
		b.WriteString(", BaseURL: ")
		b.WriteString(o.BaseURL)
	}
	b.WriteString("}")
	return b.String()
}

// GoString is String, so that %#v hides the auth token too.
func (o Options) GoString() string { return o.String() }

// validate checks o and returns the parsed BaseURL, or nil for none.
func (o Options) validate() (*url.URL, error) {
	switch {
	case o.AccountSID == "":
		return nil, optionsError("AccountSID is required")
	case !accountSIDPattern.MatchString(o.AccountSID):
		return nil, optionsError(`AccountSID must be "AC" and 32 hexadecimal digits`)
	case o.AuthToken == "":
		return nil, optionsError("AuthToken is required")
	case !alphanumeric.MatchString(o.AuthToken):
		return nil, optionsError("AuthToken must be letters and digits only")
	case o.From == "" && o.MessagingServiceSID == "":
		return nil, optionsError("From or MessagingServiceSID is required")
	case o.MessagingServiceSID != "" && !serviceSIDPattern.MatchString(o.MessagingServiceSID):
		return nil, optionsError(`MessagingServiceSID must be "MG" and 32 hexadecimal digits`)
	case o.From != "" && strings.ContainsFunc(o.From, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return nil, optionsError("From contains a control character")
	case o.StatusCallback != "" && !absoluteHTTP(o.StatusCallback):
		return nil, optionsError("StatusCallback must be an absolute http or https URL")
	case o.BaseURL != "" && !absoluteHTTP(o.BaseURL):
		return nil, optionsError("BaseURL must be an absolute http or https URL")
	}
	if o.BaseURL == "" {
		return nil, nil
	}
	u, _ := url.Parse(o.BaseURL)
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

func absoluteHTTP(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func optionsError(message string) *sms.Error {
	return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name,
		Message: message, Err: ErrInvalidOptions}
}

// LogValue implements slog.LogValuer without the auth token.
func (o Options) LogValue() slog.Value {
	return slog.StringValue(o.String())
}
