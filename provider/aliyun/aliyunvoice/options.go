package aliyunvoice

import (
	"fmt"
	"net/http"
	"regexp"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
	"github.com/smskit/sms/provider/aliyun/internal/hosted"
)

// Name is the provider's name: Result.Provider, the Provider of its
// errors, and the default TemplateKey.
const Name = "aliyun-voice"

// DefaultEndpoint is Aliyun's voice service (Dyvmsapi) endpoint.
const DefaultEndpoint = "https://dyvmsapi.aliyuncs.com"

// Options configures a Sender. Every zero value stands for a documented
// default. The connection fields are those of aliyun.Options, with the
// same meaning and defaults, except Endpoint.
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

	// CalledShowNumber is the number the called phone shows (被叫显号), a
	// number bought in the voice console or a service instance; empty
	// means Aliyun's public mode (a number of its pool), whose TTS
	// templates must then be public-mode templates.
	CalledShowNumber string
	// PlayTimes is how many times the call reads the template, 1 to 3;
	// zero means Aliyun's default, 3.
	PlayTimes int
	// Volume is the volume, 1 to 100; zero means Aliyun's default, 100.
	Volume int
	// Speed is the reading speed, -500 to 500; zero is Aliyun's default.
	Speed int
	// DefaultRegion is the region of numbers written without a country
	// code; empty means "CN". Only mainland numbers are called.
	DefaultRegion string
	// TemplateKey is the key of Template.Codes this Sender reads; empty
	// means Name.
	TemplateKey string
	// Templates are the application's templates: each needs
	// Codes[TemplateKey], a TTS template code ("TTS_" and digits), and
	// kind verification or notification.
	Templates []sms.Template
	// AllowUndeclared sends a template name that is not declared as the
	// TTS template code itself.
	AllowUndeclared bool
}

var (
	ttsCodePattern    = regexp.MustCompile(`^TTS_[0-9]{1,32}$`)
	showNumberPattern = regexp.MustCompile(`^[0-9]{5,15}$`)
)

// check checks the fields that are not the connection's.
func (o Options) check() error {
	switch {
	case o.CalledShowNumber != "" && !showNumberPattern.MatchString(o.CalledShowNumber):
		return optionsError("CalledShowNumber is not 5 to 15 digits")
	case o.PlayTimes < 0 || o.PlayTimes > 3:
		return optionsError("PlayTimes is not between 1 and 3 (zero: Aliyun's default)")
	case o.Volume < 0 || o.Volume > 100:
		return optionsError("Volume is not between 1 and 100 (zero: Aliyun's default)")
	case o.Speed < -500 || o.Speed > 500:
		return optionsError("Speed is not between -500 and 500")
	}
	return nil
}

// optionsError reports bad Options.
func optionsError(reason string) error { return sms.NewOptionsError(Name, reason) }

// String describes o without its credentials (never a secret's length or
// a fragment of it).
func (o Options) String() string {
	return redact.Describe("aliyunvoice.Options", hosted.DescribeCredentials(o.AccessKeyID, o.AccessKeySecret, o.Credentials),
		redact.Field{Name: "RegionID", Value: o.RegionID}, redact.Field{Name: "Endpoint", Value: o.Endpoint}, redact.Field{Name: "CalledShowNumber", Value: o.CalledShowNumber}, redact.Field{Name: "TemplateKey", Value: o.TemplateKey})
}

// GoString is String, so that %#v hides the credentials too.
func (o Options) GoString() string { return o.String() }

// Format prints String for every verb, so that no verb (%d, %x, %q of a
// value too) makes fmt print the fields, AccessKeySecret among them.
func (o Options) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }
