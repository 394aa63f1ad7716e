package aliyunintl

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
	"github.com/smskit/sms/provider/aliyun/internal/hosted"
)

// Name is the provider's name: Result.Provider, the Provider of its
// errors, and the default TemplateKey.
const Name = "aliyun-intl"

// The defaults that the zero values of Options stand for.
const (
	// DefaultRegionID is the API region of the international endpoint.
	DefaultRegionID = "ap-southeast-1"
	// DefaultEndpoint is Aliyun's international Dysmsapi endpoint
	// (Singapore), which serves SendMessageToGlobe and
	// SendMessageWithTemplate.
	DefaultEndpoint = "https://dysmsapi.ap-southeast-1.aliyuncs.com"
)

// Type is a SendMessageToGlobe message type.
type Type string

// The message types SendMessageToGlobe takes
// (https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2018-05-01-sendmessagetoglobe).
const (
	// TypeOTP is a verification code (验证码).
	TypeOTP Type = "OTP"
	// TypeNotify is a notification (通知短信).
	TypeNotify Type = "NOTIFY"
	// TypeMarketing is a promotion (推广短信).
	TypeMarketing Type = "MKT"
)

// TypeOf is the type a template of kind k is sent as: verification OTP,
// promotion MKT, and notification, international or unspecified (a body,
// an undeclared template) NOTIFY.
func TypeOf(k sms.TemplateKind) Type {
	switch k {
	case sms.KindVerification:
		return TypeOTP
	case sms.KindPromotion:
		return TypeMarketing
	}
	return TypeNotify
}

// Options configures a Sender. Every zero value stands for a documented
// default. The connection fields are those of aliyun.Options, with the
// same meaning, except the defaults of RegionID and Endpoint.
type Options struct {
	// AccessKeyID and AccessKeySecret are an explicit AccessKey pair; when
	// both are empty, Credentials, and when it is nil too, the SDK's
	// default chain (see aliyun.Options).
	AccessKeyID     string
	AccessKeySecret string
	// Credentials supplies credentials of any other kind.
	Credentials credentials.CredentialsProvider
	// RegionID is the API region; empty means DefaultRegionID.
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

	// From is the default sender id (From): letters and digits, at most 11
	// with a letter or 15 digits; empty sends none (Aliyun's default).
	// Message.Sign and Template.Signs[TemplateKey] override it.
	From string
	// Type, when set, is the type of every SendMessageToGlobe; empty
	// means TypeOf the template's kind.
	Type Type
	// ValidityPeriod, when set, is how long the message may wait for
	// delivery, in whole seconds.
	ValidityPeriod time.Duration
	// DefaultRegion is the region of numbers written without a country
	// code; empty means "CN", whose numbers this Sender refuses: give
	// numbers in E.164, or set the region of your users ("SG").
	DefaultRegion string
	// TemplateKey is the key of Template.Codes and Template.Signs this
	// Sender reads; empty means Name.
	TemplateKey string
	// Templates are the application's templates. One with
	// Codes[TemplateKey] goes by SendMessageWithTemplate; one without, by
	// its Text rendered, with SendMessageToGlobe.
	Templates []sms.Template
	// AllowUndeclared sends a template name that is not declared as
	// Aliyun's template code (SendMessageWithTemplate).
	AllowUndeclared bool
}

// check checks the fields that are not the connection's.
func (o Options) check() error {
	switch {
	case o.From != "" && !SenderIDForm(o.From):
		return optionsError("From is not a sender id: letters and digits, at most 11 with a letter or 15 digits")
	case o.Type != "" && o.Type != TypeOTP && o.Type != TypeNotify && o.Type != TypeMarketing:
		return optionsError("Type is not OTP, NOTIFY or MKT")
	case o.ValidityPeriod < 0 || o.ValidityPeriod%time.Second != 0:
		return optionsError("ValidityPeriod is not a whole number of seconds")
	case o.ValidityPeriod > 0 && o.ValidityPeriod/time.Second > 1<<31-1:
		return optionsError("ValidityPeriod is longer than " + strconv.Itoa(1<<31-1) + " seconds")
	}
	return nil
}

// SenderIDForm reports whether from has the form Aliyun allows a sender
// id: letters and digits only, 1 to 11 with a letter, or 1 to 15 digits.
func SenderIDForm(from string) bool {
	letters := false
	for i := 0; i < len(from); i++ {
		c := from[i]
		switch {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters = true
		default:
			return false
		}
	}
	return len(from) > 0 && (letters && len(from) <= 11 || !letters && len(from) <= 15)
}

// optionsError reports bad Options.
func optionsError(reason string) error { return sms.NewOptionsError(Name, reason) }

// String describes o without its credentials (never a secret's length or
// a fragment of it).
func (o Options) String() string {
	return redact.Describe("aliyunintl.Options", hosted.DescribeCredentials(o.AccessKeyID, o.AccessKeySecret, o.Credentials),
		redact.Field{Name: "RegionID", Value: o.RegionID}, redact.Field{Name: "Endpoint", Value: o.Endpoint}, redact.Field{Name: "From", Value: o.From}, redact.Field{Name: "TemplateKey", Value: o.TemplateKey})
}

// GoString is String, so that %#v hides the credentials too.
func (o Options) GoString() string { return o.String() }

// Format prints String for every verb, so that no verb (%d, %x, %q of a
// value too) makes fmt print the fields, AccessKeySecret among them.
func (o Options) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }
