package aliyun

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/smskit/sms"
)

// The defaults that the zero values of Options stand for.
const (
	// DefaultRegion is the region used when Options.Region is empty.
	// (cn-beijing resolves to an internal-only host: do not use it.)
	DefaultRegion = "cn-hangzhou"
	// DefaultEndpoint is Aliyun's public SMS endpoint, reached over HTTPS.
	DefaultEndpoint = "https://dysmsapi.aliyuncs.com"
	// DefaultConnectTimeout bounds dialing a connection.
	DefaultConnectTimeout = 5 * time.Second
	// DefaultTimeout bounds a whole call, from dialing to the last byte of
	// the answer. Aliyun advises at least one second.
	DefaultTimeout = 10 * time.Second
	// DefaultMaxIdleConns is how many idle connections are kept for reuse;
	// set it to the number of concurrent sends you expect.
	DefaultMaxIdleConns = 64
)

// Options configures a Sender. As with gobreaker's Settings, every zero value
// stands for a documented default; only a sign name and credentials are
// needed in production.
type Options struct {
	// AccessKeyID and AccessKeySecret are an explicit AccessKey pair. When
	// both are empty, Credentials is used, and when it is nil too, the SDK's
	// default chain: ALIBABA_CLOUD_ACCESS_KEY_ID and
	// ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN),
	// then OIDC, CLI profiles, credential files and ECS instance roles.
	AccessKeyID     string
	AccessKeySecret string
	// Credentials supplies credentials of any other kind (STS token, RAM
	// role); the Sender serializes calls to it.
	Credentials credentials.CredentialsProvider

	// Region is the RegionId sent with each request; empty means
	// DefaultRegion.
	Region string
	// Endpoint is where requests go: "https://host[:port]" or
	// "http://host[:port]" (the emulator). Without a scheme, HTTPS.
	// Empty means DefaultEndpoint.
	Endpoint string

	// SignName is the approved sign name (签名) used when Message.Sign is
	// empty.
	SignName string
	// Templates are the application's logical templates, declared once for
	// every provider (see sms.Template). This Sender reads each template's
	// code, Codes[TemplateKey] ("SMS_" and digits, required), and its sign,
	// Signs[TemplateKey], which when set replaces SignName for messages of
	// that template (a Message.Sign still wins). A Text, when set, must be
	// well formed. New fails, naming the template, on a missing or malformed
	// code, a malformed Text, or an empty or repeated name. A
	// Message.Template that names no template here is sent with the name as
	// the template code.
	Templates []sms.Template
	// TemplateKey is the key of this Sender's entries in each template's
	// Codes and Signs; empty means ProviderName ("aliyun"). A second Aliyun
	// account, whose template codes and signs are its own, reads them under
	// a key of its own, such as "aliyun-backup".
	TemplateKey string
	// UpExtendCode is sent as SmsUpExtendCode, the uplink extension code that
	// routes replies; empty sends none.
	UpExtendCode string

	// ConnectTimeout bounds dialing a connection; zero means
	// DefaultConnectTimeout.
	ConnectTimeout time.Duration
	// Timeout bounds one whole call; zero means DefaultTimeout. The
	// caller's context may end it sooner.
	Timeout time.Duration
	// MaxIdleConns is the number of idle connections kept for reuse; zero
	// means DefaultMaxIdleConns. Size it for the concurrency so that
	// connections are reused rather than opened per send.
	MaxIdleConns int

	// Transport, if not nil, carries the requests instead of the Sender's
	// own http.Transport (built from ConnectTimeout and MaxIdleConns). It
	// must be safe for concurrent use and honour each request's context and
	// its net/http/httptrace hooks, as net/http's transports do; the Sender
	// never modifies it. With such a transport a request counts as possibly
	// accepted once it has a connection (GotConn), since HTTP/2 may report
	// the write too late.
	Transport http.RoundTripper

	// Now is the clock used for the day searched by Status when
	// StatusQuery.SentAt is zero; nil means time.Now.
	Now func() time.Time
}

// settings are Options checked and with defaults applied.
type settings struct {
	Options
	templates map[string]template // Options.Templates by name
	scheme    string              // "HTTPS" or "HTTP", as the SDK spells it
	domain    string              // host[:port]
}

var regionPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

// withDefaults checks o and fills in its defaults.
func (o Options) withDefaults() (settings, error) {
	s := settings{Options: o}
	if s.Region == "" {
		s.Region = DefaultRegion
	}
	if !regionPattern.MatchString(s.Region) {
		return settings{}, configError("region " + s.Region + " is not a region id")
	}
	if (s.AccessKeyID == "") != (s.AccessKeySecret == "") {
		return settings{}, configError("AccessKeyID and AccessKeySecret must be given together")
	}
	var err error
	if s.scheme, s.domain, err = parseEndpoint(s.Endpoint); err != nil {
		return settings{}, err
	}
	switch {
	case s.ConnectTimeout < 0, s.Timeout < 0, s.MaxIdleConns < 0:
		return settings{}, configError("timeouts and MaxIdleConns must not be negative")
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
		s.TemplateKey = ProviderName
	}
	if s.templates, err = parseTemplates(o.Templates, s.TemplateKey); err != nil {
		return settings{}, err
	}
	s.Templates = nil // parsed into s.templates; keeps no reference to the caller's slice
	return s, nil
}

// parseEndpoint splits an endpoint into the SDK's scheme and domain.
func parseEndpoint(endpoint string) (scheme, domain string, err error) {
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	if !strings.Contains(endpoint, "://") {
		endpoint = "https://" + endpoint
	}
	u, perr := url.Parse(endpoint)
	if perr != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" ||
		strings.Trim(u.Path, "/") != "" {
		return "", "", configError(`endpoint is not of the form "https://host[:port]"`)
	}
	switch u.Scheme {
	case "https":
		return "HTTPS", u.Host, nil
	case "http":
		return "HTTP", u.Host, nil
	}
	return "", "", configError("endpoint scheme is not http or https")
}
