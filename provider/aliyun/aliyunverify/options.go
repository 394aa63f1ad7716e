package aliyunverify

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/internal/hosted"
	"github.com/smskit/sms/verify"
)

// The defaults that the zero values of Options stand for.
const (
	// DefaultEndpoint is Aliyun's public Dypnsapi endpoint.
	DefaultEndpoint = "https://dypnsapi.aliyuncs.com"
	// DefaultCodeLength is the length of the codes: 6, where Aliyun's own
	// default is 4 (one chance in 10,000 per guess is too much).
	DefaultCodeLength = 6
	// DefaultCodeType is digits only (Aliyun's CodeType 1).
	DefaultCodeType = 1
	// DefaultValidTime is how long a code is accepted: Aliyun's 300 s.
	DefaultValidTime = 300 * time.Second
	// DefaultInterval is the least time between two codes to one number:
	// Aliyun's 60 s.
	DefaultInterval = 60 * time.Second
	// CodePlaceholder is the TemplateParam value that Aliyun replaces with
	// the code it generates.
	CodePlaceholder = "##code##"
)

// Options configures a Verifier. Every zero value stands for a documented
// default; SignName and TemplateCode are required. The connection fields
// are those of aliyun.Options, with the same meaning and defaults, except
// Endpoint.
type Options struct {
	// AccessKeyID and AccessKeySecret are an explicit AccessKey pair; when
	// both are empty, Credentials, and when it is nil too, the SDK's
	// default chain (see aliyun.Options).
	AccessKeyID     string
	AccessKeySecret string
	// Credentials supplies credentials of any other kind.
	Credentials credentials.CredentialsProvider
	// RegionID is the API region; empty means aliyun.DefaultRegionID.
	RegionID string
	// Endpoint is "https://host[:port]" (or "http://host[:port]" for the
	// emulator); empty means DefaultEndpoint.
	Endpoint string
	// ConnectTimeout, Timeout and MaxIdleConns are as in aliyun.Options.
	ConnectTimeout time.Duration
	Timeout        time.Duration
	MaxIdleConns   int
	// Transport, if not nil, carries the requests (see aliyun.Options).
	Transport http.RoundTripper
	// DefaultRegion is the region of numbers written without a country
	// code; empty means "CN". Only mainland numbers (+86) are served.
	DefaultRegion string

	// SignName is the sign name (签名) of the SMS; required. Aliyun advises
	// the sign and template its number authentication console provides.
	SignName string
	// TemplateCode is the template ("SMS_" and digits); required.
	TemplateCode string
	// TemplateParam are the template's variables. One value at least must
	// hold CodePlaceholder, which Aliyun replaces with the code; nil means
	// {"code": "##code##"}. Other variables (such as {"min": "5"}) are
	// sent as given: they are configuration, not secrets.
	TemplateParam map[string]string
	// SchemeName is the verification scheme (方案名称, at most 20
	// characters); empty means Aliyun's default scheme.
	SchemeName string
	// CodeLength is the code's length, 4 to 8; zero means
	// DefaultCodeLength.
	CodeLength int
	// CodeType is Aliyun's CodeType: 1 digits, 2 upper-case letters, 3
	// lower-case letters, 4 both cases, 5 digits and upper case, 6 digits
	// and lower case, 7 digits and both cases; zero means DefaultCodeType.
	CodeType int
	// ValidTime is how long a code is accepted, in whole seconds; zero
	// means DefaultValidTime.
	ValidTime time.Duration
	// Interval is the least time between two codes for one number and
	// purpose, in whole seconds; zero means DefaultInterval. Aliyun
	// refuses an earlier send (biz.FREQUENCY): Start then fails as
	// sms.RateLimited with RetryAfter Interval.
	Interval time.Duration
	// DuplicatePolicy says which codes are accepted after a resend:
	// verify.ReplaceOld (Aliyun's 1, the default) or verify.KeepAll (2).
	DuplicatePolicy verify.DuplicatePolicy

	// Now is the clock of Verification.Expires and ResendAfter; nil means
	// time.Now. Aliyun's own clock decides expiry.
	Now func() time.Time
}

// settings are Options checked, with defaults applied; they hold no
// credentials.
type settings struct {
	endpoint      string
	defaultRegion string
	signName      string
	templateCode  string
	templateParam string // JSON
	schemeName    string
	codeLength    int
	codeType      int
	validTime     time.Duration
	interval      time.Duration
	duplicate     int // Aliyun's DuplicatePolicy: 1 or 2
	now           func() time.Time
}

var templateCodePattern = regexp.MustCompile(`^SMS_[0-9]{1,32}$`)

// maxSchemeName is the longest SchemeName, in characters.
const maxSchemeName = 20

// check checks o, other than its connection fields (checked by the
// aliyun package), and applies the defaults.
func (o Options) check() (settings, error) {
	s := settings{endpoint: o.Endpoint, defaultRegion: o.DefaultRegion, signName: o.SignName,
		templateCode: o.TemplateCode, schemeName: o.SchemeName, codeLength: o.CodeLength,
		codeType: o.CodeType, validTime: o.ValidTime, interval: o.Interval, now: o.Now}
	if s.endpoint == "" {
		s.endpoint = DefaultEndpoint
	}
	if s.defaultRegion == "" {
		s.defaultRegion = "CN"
	}
	if s.now == nil {
		s.now = time.Now
	}
	switch {
	case o.SignName == "":
		return settings{}, optionsError("SignName is required")
	case len(o.SignName) > 64:
		return settings{}, optionsError("SignName is too long")
	case !templateCodePattern.MatchString(o.TemplateCode):
		return settings{}, optionsError(`TemplateCode is not "SMS_" and digits`)
	case len([]rune(o.SchemeName)) > maxSchemeName:
		return settings{}, optionsError("SchemeName is longer than " + strconv.Itoa(maxSchemeName) + " characters")
	}
	if s.codeLength == 0 {
		s.codeLength = DefaultCodeLength
	}
	if s.codeLength < 4 || s.codeLength > 8 {
		return settings{}, optionsError("CodeLength is not between 4 and 8")
	}
	if s.codeType == 0 {
		s.codeType = DefaultCodeType
	}
	if s.codeType < 1 || s.codeType > 7 {
		return settings{}, optionsError("CodeType is not between 1 and 7")
	}
	if s.validTime == 0 {
		s.validTime = DefaultValidTime
	}
	if s.interval == 0 {
		s.interval = DefaultInterval
	}
	switch {
	case s.validTime < time.Second || s.validTime%time.Second != 0:
		return settings{}, optionsError("ValidTime is not a whole number of seconds, at least one")
	case s.interval < 0 || s.interval%time.Second != 0:
		return settings{}, optionsError("Interval is not a whole number of seconds")
	}
	switch o.DuplicatePolicy {
	case verify.ReplaceOld:
		s.duplicate = 1
	case verify.KeepAll:
		s.duplicate = 2
	default:
		return settings{}, optionsError("DuplicatePolicy is not verify.ReplaceOld or verify.KeepAll")
	}
	param, err := templateParamJSON(o.TemplateParam)
	if err != nil {
		return settings{}, err
	}
	s.templateParam = param
	return s, nil
}

// templateParamJSON encodes params as TemplateParam (keys in order); nil
// params is {"code":"##code##"}.
func templateParamJSON(params map[string]string) (string, error) {
	if params == nil {
		return `{"code":"` + CodePlaceholder + `"}`, nil
	}
	placeholder := false
	for k, v := range params {
		if k == "" {
			return "", optionsError("TemplateParam has an empty variable name")
		}
		placeholder = placeholder || strings.Contains(v, CodePlaceholder)
	}
	if !placeholder {
		return "", optionsError("TemplateParam has no value holding " + CodePlaceholder +
			": Aliyun would send it as it is and verify nothing")
	}
	b, err := json.Marshal(params)
	if err != nil {
		return "", optionsError("TemplateParam cannot be encoded as JSON")
	}
	return string(b), nil
}

// optionsError reports bad Options, naming provider aliyun.
func optionsError(reason string) error { return sms.NewOptionsError(aliyun.Name, reason) }

// String describes o without its credentials, such as
// "aliyunverify.Options{AccessKeySecret: hidden, SignName: 阿里云, TemplateCode: SMS_1}".
func (o Options) String() string {
	return redact.Describe("aliyunverify.Options", hosted.DescribeCredentials(o.AccessKeyID, o.AccessKeySecret, o.Credentials),
		redact.Field{Name: "RegionID", Value: o.RegionID}, redact.Field{Name: "Endpoint", Value: o.Endpoint},
		redact.Field{Name: "SignName", Value: o.SignName}, redact.Field{Name: "TemplateCode", Value: o.TemplateCode})
}

// GoString is String, so that %#v hides the credentials too.
func (o Options) GoString() string { return o.String() }

// Format prints String for every verb, so that no verb (%d, %x, %q of a
// value too) makes fmt print the fields, AccessKeySecret among them.
func (o Options) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }
