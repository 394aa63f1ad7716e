package tencent

import (
	"fmt"
	"net/http"
	"os"
	"regexp"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
	"github.com/smskit/sms/internal/urlopt"
)

// The defaults that the zero values of Options stand for.
const (
	// DefaultRegionID is the API region used when Options.RegionID is
	// empty. Tencent's SMS API serves mainland accounts from ap-guangzhou,
	// ap-beijing and ap-nanjing.
	DefaultRegionID = "ap-guangzhou"
	// DefaultEndpoint is Tencent Cloud's SMS endpoint, reached over HTTPS.
	DefaultEndpoint = "https://sms.tencentcloudapi.com"
	// DefaultConnectTimeout bounds dialing a connection.
	DefaultConnectTimeout = 5 * time.Second
	// DefaultTimeout bounds a whole call, from dialing to the last byte of
	// the answer.
	DefaultTimeout = 10 * time.Second
	// DefaultMaxIdleConns is how many idle connections are kept for reuse;
	// set it to the number of concurrent sends you expect.
	DefaultMaxIdleConns = 64
)

// The environment variables read when Options.SecretID and SecretKey are
// both empty, as Tencent's own tools name them.
const (
	EnvSecretID  = "TENCENTCLOUD_SECRET_ID"
	EnvSecretKey = "TENCENTCLOUD_SECRET_KEY"
)

// Options configures a Sender. Every zero value stands for a documented
// default; credentials, SmsSdkAppID and a sign name are needed in
// production.
type Options struct {
	// SecretID and SecretKey are a Tencent Cloud API key pair. When both
	// are empty, EnvSecretID and EnvSecretKey are read (once, in New).
	SecretID  string
	SecretKey string
	// SmsSdkAppID is the SMS application's SdkAppId (such as
	// "1400006666"), required.
	SmsSdkAppID string

	// RegionID is the API region, sent as X-TC-Region; empty means
	// DefaultRegionID.
	RegionID string
	// Endpoint is where requests go: "https://host[:port]" or
	// "http://host[:port]" (the emulator). Without a scheme, HTTPS. Empty
	// means DefaultEndpoint.
	Endpoint string
	// DefaultRegion is the region of numbers written without a country
	// code; empty means sms.DefaultRegion ("CN").
	DefaultRegion string

	// SignName is the approved sign (签名) used when neither Message.Sign
	// nor the template's Signs[TemplateKey] is set. Mainland messages need
	// one; international messages may go without.
	SignName string
	// Templates are the application's logical templates, declared once for
	// every provider (see sms.Template). This Sender reads each template's
	// Kind, its template id Codes[TemplateKey] (digits, required) and its
	// sign Signs[TemplateKey]. Tencent's templates take positional params
	// ({1}, {2}, ...): see ParamOrder.
	Templates []sms.Template
	// ParamOrder declares, for a template name, which of its variables go
	// in Tencent's positions {1}, {2}, ...: ParamOrder["login"] =
	// []string{"code", "minutes"} sends Params["code"] as {1}. A template
	// without an entry takes the order of its variables in Template.Text;
	// a template with neither Text nor an entry takes no params. New
	// refuses an entry that names an undeclared template, repeats a name,
	// or does not list exactly the variables of the template's Text.
	ParamOrder map[string][]string
	// AllowUndeclaredTemplates lets a Message.Template that names no
	// declared template be sent as a raw template id (digits). Such a
	// message may carry at most one param: with more, their order is
	// unknown.
	AllowUndeclaredTemplates bool
	// TemplateKey is the key of this Sender's entries in each template's
	// Codes and Signs; empty means Name ("tencent").
	TemplateKey string
	// ExtendCode is sent as ExtendCode (a number extension, digits); empty
	// sends none.
	ExtendCode string
	// SenderID is sent as SenderId with international messages; empty
	// sends none.
	SenderID string

	// ConnectTimeout bounds dialing a connection; zero means
	// DefaultConnectTimeout.
	ConnectTimeout time.Duration
	// Timeout bounds one whole call; zero means DefaultTimeout. The
	// caller's context may end it sooner.
	Timeout time.Duration
	// MaxIdleConns is the number of idle connections kept for reuse; zero
	// means DefaultMaxIdleConns.
	MaxIdleConns int
	// Transport, if not nil, carries the requests instead of the Sender's
	// own http.Transport. It must be safe for concurrent use and honour each
	// request's context and its net/http/httptrace hooks; with it, a
	// request counts as possibly accepted once it has a connection.
	Transport http.RoundTripper

	// Now is the clock used by Status when StatusQuery.SentAt is zero; nil
	// means time.Now.
	Now func() time.Time
}

// credentials are the API key pair, kept apart from the settings so that
// printing a Sender never reaches them.
type credentials struct{ id, key string }

// String hides the key pair.
func (credentials) String() string { return "tencent.credentials(redacted)" }

// GoString hides the key pair.
func (c credentials) GoString() string { return c.String() }

// settings are Options checked and with defaults applied, without the
// credentials and the templates.
type settings struct {
	Options
	scheme string // "HTTPS" or "HTTP", as the SDK spells it
	domain string // host[:port]
}

var (
	regionPattern = regexp.MustCompile(`^[a-z]{2,4}-[a-z]+(-[0-9]+)?$`)
	appIDPattern  = regexp.MustCompile(`^[0-9]{1,20}$`)
	digitsPattern = regexp.MustCompile(`^[0-9]{1,20}$`)
	senderPattern = regexp.MustCompile(`^[A-Za-z0-9]{1,20}$`)
)

// withDefaults checks o, other than its templates, and fills in its
// defaults.
func (o Options) withDefaults() (settings, credentials, error) {
	cred := credentials{id: o.SecretID, key: o.SecretKey}
	if cred.id == "" && cred.key == "" {
		cred = credentials{id: os.Getenv(EnvSecretID), key: os.Getenv(EnvSecretKey)}
	}
	s := settings{Options: o}
	s.SecretID, s.SecretKey = "", ""
	s.Templates, s.ParamOrder = nil, nil // the Sender keeps its own copies
	switch {
	case cred.id == "" || cred.key == "":
		return settings{}, credentials{}, optionsError("SecretID and SecretKey must be given together (or " +
			EnvSecretID + " and " + EnvSecretKey + ")")
	case !appIDPattern.MatchString(o.SmsSdkAppID):
		return settings{}, credentials{}, optionsError("SmsSdkAppID is not an SdkAppId such as 1400006666")
	case o.ExtendCode != "" && !digitsPattern.MatchString(o.ExtendCode):
		return settings{}, credentials{}, optionsError("ExtendCode is not digits only")
	case o.SenderID != "" && !senderPattern.MatchString(o.SenderID):
		return settings{}, credentials{}, optionsError("SenderID is not 1 to 20 letters and digits")
	case o.SignName != "" && signProblem(o.SignName) != "":
		return settings{}, credentials{}, optionsError("SignName " + signProblem(o.SignName))
	case o.ConnectTimeout < 0, o.Timeout < 0, o.MaxIdleConns < 0:
		return settings{}, credentials{}, optionsError("timeouts and MaxIdleConns must not be negative")
	}
	if s.RegionID == "" {
		s.RegionID = DefaultRegionID
	}
	if !regionPattern.MatchString(s.RegionID) {
		return settings{}, credentials{}, optionsError("RegionID " + sms.Quote(s.RegionID) +
			" is not a region id such as " + DefaultRegionID)
	}
	var err error
	if s.scheme, s.domain, err = parseEndpoint(s.Endpoint); err != nil {
		return settings{}, credentials{}, err
	}
	if s.ConnectTimeout == 0 {
		s.ConnectTimeout = DefaultConnectTimeout
	}
	if s.Timeout == 0 {
		s.Timeout = DefaultTimeout
	}
	if s.MaxIdleConns == 0 {
		s.MaxIdleConns = DefaultMaxIdleConns
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.TemplateKey == "" {
		s.TemplateKey = Name
	}
	return s, cred, nil
}

// parseEndpoint splits an endpoint into the SDK's scheme and domain.
func parseEndpoint(endpoint string) (scheme, domain string, err error) {
	scheme, domain, problem := urlopt.SDKEndpoint(endpoint, DefaultEndpoint)
	if problem != "" {
		return "", "", optionsError(problem)
	}
	return scheme, domain, nil
}

// String describes o without its key pair, such as
// "tencent.Options{SecretKey: hidden, SmsSdkAppID: 1400006666, SignName: 腾讯云}".
func (o Options) String() string {
	return redact.Describe("tencent.Options", "SecretKey: "+redact.IsSet(o.SecretKey != ""),
		redact.Field{Name: "SmsSdkAppID", Value: o.SmsSdkAppID}, redact.Field{Name: "RegionID", Value: o.RegionID},
		redact.Field{Name: "Endpoint", Value: o.Endpoint}, redact.Field{Name: "SignName", Value: o.SignName},
		redact.Field{Name: "TemplateKey", Value: o.TemplateKey})
}

// GoString is String, so that %#v hides the key pair too.
func (o Options) GoString() string { return o.String() }

// Format prints String for every verb, so that no verb (%d, %x, %q of a
// value too) makes fmt print the fields, SecretKey among them.
func (o Options) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }
