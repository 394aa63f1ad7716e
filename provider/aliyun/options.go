package aliyun

import (
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlopt"
)

// The defaults that the zero values of Options stand for.
const (
	// DefaultRegionID is the API region used when Options.RegionID is
	// empty. (cn-beijing resolves to an internal-only host: do not use it.)
	DefaultRegionID = "cn-hangzhou"
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

	// RegionID is the API region, sent as RegionId with each request; empty
	// means DefaultRegionID. (Phone numbers need no region: numbers written
	// without a country code are mainland China numbers.)
	RegionID string
	// Endpoint is where requests go: "https://host[:port]" or
	// "http://host[:port]" (the emulator). Without a scheme, HTTPS.
	// Empty means DefaultEndpoint.
	Endpoint string

	// SignName is the approved sign name (签名) used when Message.Sign is
	// empty.
	SignName string
	// Templates are the application's logical templates, declared once for
	// every provider (see sms.Template). This Sender reads each template's
	// Kind, its code, Codes[TemplateKey] ("SMS_" and digits, required), and
	// its sign, Signs[TemplateKey], which when set replaces SignName for
	// messages of that template (a Message.Sign still wins). New fails,
	// naming the template, on anything Rules refuses: a missing kind, a
	// missing or malformed code, no sign (neither Signs[TemplateKey] nor
	// SignName), a malformed Text, variables in a promotion template, or an
	// empty or repeated name.
	//
	// Once templates are declared, a Message.Template must name one of them:
	// a typo fails before any request. Without any declared template, a
	// Message.Template is sent as the template code itself.
	Templates []sms.Template
	// AllowUndeclaredTemplates lets a Message.Template that names no
	// declared template be sent as a raw template code ("SMS_" and digits),
	// alongside the declared templates. Such messages get only the checks
	// that need no template: no kind, no variables.
	AllowUndeclaredTemplates bool
	// TemplateKey is the key of this Sender's entries in each template's
	// Codes and Signs; empty means Name ("aliyun"). A second Aliyun
	// account, whose template codes and signs are its own, reads them under
	// a key of its own, such as "aliyun-backup".
	TemplateKey string
	// UpExtendCode is sent as SmsUpExtendCode, the uplink extension code that
	// routes replies: digits, at most MaxUpExtendCodeLength; empty sends
	// none.
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

// settings are Options checked and with defaults applied, without the
// credentials: Options.AccessKeyID, AccessKeySecret and Credentials are
// cleared, and only described (see credentials.go), so that no printing of a
// Sender, even by reflection, reaches them.
type settings struct {
	Options
	credentials string // how the Sender gets credentials, for String
	scheme      string // "HTTPS" or "HTTP", as the SDK spells it
	domain      string // host[:port]
}

var regionPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// withDefaults checks o, other than its templates, and fills in its
// defaults.
func (o Options) withDefaults() (settings, error) {
	s := settings{Options: o, credentials: describeCredentials(o)}
	s.AccessKeyID, s.AccessKeySecret, s.Credentials = "", "", nil
	s.Templates = nil // the Validator keeps them; no reference to the caller's slice
	if s.RegionID == "" {
		s.RegionID = DefaultRegionID
	}
	if !regionPattern.MatchString(s.RegionID) {
		return settings{}, optionsError("RegionID " + sms.Quote(s.RegionID) + " is not a region id such as " + DefaultRegionID)
	}
	if (o.AccessKeyID == "") != (o.AccessKeySecret == "") {
		return settings{}, optionsError("AccessKeyID and AccessKeySecret must be given together")
	}
	if o.SignName != "" && signProblem(o.SignName) != "" {
		return settings{}, optionsError("SignName " + signProblem(o.SignName))
	}
	if reason := upExtendCodeProblem(o.UpExtendCode); reason != "" {
		return settings{}, optionsError("UpExtendCode " + reason)
	}
	var err error
	if s.scheme, s.domain, err = parseEndpoint(s.Endpoint); err != nil {
		return settings{}, err
	}
	switch {
	case s.ConnectTimeout < 0, s.Timeout < 0, s.MaxIdleConns < 0:
		return settings{}, optionsError("timeouts and MaxIdleConns must not be negative")
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
	return s, nil
}

// upExtendCodeProblem says what keeps code from being an uplink extension
// code, or "".
func upExtendCodeProblem(code string) string {
	if len(code) > MaxUpExtendCodeLength {
		return "is longer than " + strconv.Itoa(MaxUpExtendCodeLength) + " digits"
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return "is not digits only"
		}
	}
	return ""
}

// parseEndpoint splits an endpoint into the SDK's scheme and domain.
func parseEndpoint(endpoint string) (scheme, domain string, err error) {
	scheme, domain, problem := urlopt.SDKEndpoint(endpoint, DefaultEndpoint)
	if problem != "" {
		return "", "", optionsError(problem)
	}
	return scheme, domain, nil
}
