package alidayu

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// Name names this provider in Result.Provider and Error.Provider, and is the
// default Options.TemplateKey.
const Name = "alidayu"

// The defaults that the zero values of Options stand for.
const (
	// DefaultEndpoint is the TOP gateway over HTTPS. Taobao's open platform
	// documents https://eco.taobao.com/router/rest as the HTTPS address of
	// its production environment (http://gw.api.taobao.com/router/rest is
	// the HTTP one; the sandbox is gw.api.tbsandbox.com): TOP's API guide,
	// "调用入口", quoted at https://cnblogs.com/zeroone/p/6181024.html.
	DefaultEndpoint = "https://eco.taobao.com/router/rest"
	// DefaultTimeout bounds a whole call, from dialing to the last byte of
	// the answer.
	DefaultTimeout = 10 * time.Second
	// DefaultSignMethod is the signature method used when
	// Options.SignMethod is empty: HMAC-MD5, a keyed MAC, rather than
	// TOP's md5 envelope (MD5 of secret+params+secret), which is an ad-hoc
	// construction. The gateway accepts both.
	DefaultSignMethod = SignHMAC
)

// The signature methods of the TOP gateway (its sign_method parameter).
const (
	// SignHMAC signs with HMAC-MD5 keyed by the app secret.
	SignHMAC = "hmac"
	// SignMD5 signs with MD5 of the secret, the parameters and the secret.
	SignMD5 = "md5"
)

// Options configures a Sender. AppKey, AppSecret and a sign name are needed
// in production; every other zero value stands for a documented default.
type Options struct {
	// AppKey and AppSecret are the Alidayu (TOP) application's key pair.
	AppKey    string
	AppSecret string
	// SignMethod is SignHMAC or SignMD5; empty means DefaultSignMethod.
	SignMethod string
	// SignName is the approved sign (sms_free_sign_name) used when neither
	// Message.Sign nor the template's Signs[TemplateKey] is set.
	SignName string
	// Endpoint is the gateway's URL, "https://host[:port]/router/rest";
	// a URL without a path gets "/router/rest". Empty means
	// DefaultEndpoint.
	Endpoint string
	// Transport, if not nil, carries the requests instead of a clone of
	// http.DefaultTransport. It must be safe for concurrent use and honour
	// each request's context and its net/http/httptrace hooks; a request
	// counts as possibly accepted once it has a connection.
	Transport http.RoundTripper
	// Timeout bounds one whole call; zero means DefaultTimeout. The
	// caller's context may end it sooner.
	Timeout time.Duration
	// TemplateKey is the key of this Sender's entries in each template's
	// Codes and Signs; empty means Name ("alidayu").
	TemplateKey string
	// Templates are the application's logical templates (see
	// sms.Template). This Sender reads each template's Kind, its template
	// code Codes[TemplateKey] ("SMS_" and digits, required) and its sign
	// Signs[TemplateKey].
	Templates []sms.Template
	// AllowUndeclaredTemplates lets a Message.Template that names no
	// declared template be sent as a raw template code.
	AllowUndeclaredTemplates bool
	// DefaultRegion is the region of numbers written without a country
	// code; empty means sms.DefaultRegion ("CN"). Only mainland numbers
	// can be sent to.
	DefaultRegion string
	// Now is the clock of the request timestamps; nil means time.Now.
	Now func() time.Time
}

// credentials are the key pair, kept apart from the settings so that
// printing a Sender never reaches them.
type credentials struct{ key, secret string }

// String hides the key pair.
func (credentials) String() string { return "alidayu.credentials(redacted)" }

// GoString hides the key pair.
func (c credentials) GoString() string { return c.String() }

// settings are Options checked and with defaults applied, without the
// credentials and the templates.
type settings struct {
	signMethod  string
	signName    string
	endpoint    string // the gateway's URL
	host        string // for String
	timeout     time.Duration
	templateKey string
	now         func() time.Time
}

// appKeyPattern is the form of a TOP app key: digits (such as "23456789").
var appKeyPattern = regexp.MustCompile(`^[0-9]{1,20}$`)

// withDefaults checks o, other than its templates, and fills in its
// defaults.
func (o Options) withDefaults() (settings, credentials, error) {
	cred := credentials{key: o.AppKey, secret: o.AppSecret}
	s := settings{signMethod: o.SignMethod, signName: o.SignName, timeout: o.Timeout,
		templateKey: o.TemplateKey, now: o.Now}
	switch {
	case cred.key == "" || cred.secret == "":
		return settings{}, credentials{}, optionsError("AppKey and AppSecret are required")
	case !appKeyPattern.MatchString(cred.key):
		return settings{}, credentials{}, optionsError("AppKey is not a TOP app key (digits)")
	case len(cred.secret) > 128 || strings.ContainsFunc(cred.secret, func(r rune) bool { return r < 0x21 || r > 0x7e }):
		return settings{}, credentials{}, optionsError("AppSecret is not printable ASCII of at most 128 bytes")
	case o.Timeout < 0:
		return settings{}, credentials{}, optionsError("Timeout must not be negative")
	case o.SignName != "" && signProblem(o.SignName) != "":
		return settings{}, credentials{}, optionsError("SignName " + signProblem(o.SignName))
	}
	switch s.signMethod {
	case "":
		s.signMethod = DefaultSignMethod
	case SignHMAC, SignMD5:
	default:
		return settings{}, credentials{}, optionsError(`SignMethod is not "hmac" or "md5"`)
	}
	var err error
	if s.endpoint, s.host, err = parseEndpoint(o.Endpoint); err != nil {
		return settings{}, credentials{}, err
	}
	if s.timeout == 0 {
		s.timeout = DefaultTimeout
	}
	if s.templateKey == "" {
		s.templateKey = Name
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, cred, nil
}

// parseEndpoint checks an Endpoint and returns the URL requests go to and
// its host.
func parseEndpoint(endpoint string) (string, string, error) {
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	if len(endpoint) > 2048 {
		return "", "", optionsError("Endpoint is longer than 2048 bytes")
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" ||
		(u.Scheme != "https" && u.Scheme != "http") {
		return "", "", optionsError(`Endpoint is not of the form "https://host[:port][/router/rest]"`)
	}
	if strings.Trim(u.Path, "/") == "" {
		u.Path = "/router/rest"
	}
	return u.String(), u.Host, nil
}

// String describes o without its AppSecret, such as
// "alidayu.Options{AppKey: 12345678, AppSecret: hidden, SignName: 阿里大于}".
func (o Options) String() string {
	return redact.Describe("alidayu.Options", "AppKey: "+sms.Quote(o.AppKey)+", AppSecret: "+redact.IsSet(o.AppSecret != ""),
		redact.Field{Name: "SignMethod", Value: o.SignMethod}, redact.Field{Name: "SignName", Value: o.SignName},
		redact.Field{Name: "Endpoint", Value: o.Endpoint}, redact.Field{Name: "TemplateKey", Value: o.TemplateKey})
}

// GoString is String, so that %#v hides the AppSecret too.
func (o Options) GoString() string { return o.String() }

// Format prints String for every verb, so that no verb (%d, %x, %q of a
// value too) makes fmt print the fields, AppSecret among them.
func (o Options) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }
