package twilioverify

import (
	"context"
	"net/url"
	"strings"

	"github.com/smskit/sms/internal/urlopt"
	"github.com/smskit/sms/provider/twilio/internal/wire"
	"github.com/smskit/sms/verify"
)

// Scheme is the URL scheme this package registers with
// verify.RegisterScheme: importing the package makes verify.OpenVerifier
// open "twilioverify://" URLs.
const Scheme = "twilioverify"

// urlForm is the form of this package's URLs.
var urlForm = urlopt.Form{Provider: Name, Scheme: Scheme, User: "ACCOUNT_SID", Password: "AUTH_TOKEN", AllowPath: true}

// The environment variables that supply the credentials of a
// "twilioverify://" URL without userinfo: those of twilio.EnvAccountSID and
// twilio.EnvAuthToken, as twilio-go's own client reads them.
const (
	EnvAccountSID = wire.EnvAccountSID
	EnvAuthToken  = wire.EnvAuthToken
)

func init() {
	verify.RegisterScheme(Scheme, verify.URLOpenerFunc(func(_ context.Context, u *url.URL) (verify.Verifier, error) {
		o, err := OptionsFromURL(u)
		if err != nil {
			return nil, err
		}
		if u.User == nil {
			if o.AccountSID, o.AuthToken, err = urlForm.EnvCredentials(EnvAccountSID, EnvAuthToken); err != nil {
				return nil, err
			}
		}
		return New(o)
	}))
}

// OptionsFromURL returns the Options a "twilioverify://" URL describes,
// for a caller that wants to add what a URL cannot carry (Transport, Now)
// before New:
//
//	twilioverify://[ACCOUNT_SID:AUTH_TOKEN@]HOST[/PATH]?service=VA...[&param=value...]
//
//	URL part        Options field   Note
//	userinfo        AccountSID:     absent: EnvAccountSID, EnvAuthToken
//	                AuthToken       (read by verify.OpenVerifier's opener)
//	host[/path]     Endpoint        "default": Twilio's own hosts
//	protocol=http   Endpoint's      https (default) or http (an emulator)
//	                scheme
//	service         ServiceSID      the Service of verify.DefaultPurpose
//	services        Services        purpose:VA...,purpose:VA... (purposes
//	                                without "," or ":")
//	locale          Locale          such as en or zh-HK
//	rate_limit_key  RateLimitKey    a Programmable Rate Limit's unique name
//	valid_for       ValidFor        the Service's validity, such as 10m
//	default_region  DefaultRegion   such as US
//	timeout         Timeout         a duration, such as 10s
//
// service or services is required. Examples:
// "twilioverify://AC...:TOKEN@default?service=VA...",
// "twilioverify://default?services=login:VA...,reset:VA..." (credentials
// from the environment), "twilioverify://AC...:TOKEN@127.0.0.1:9000?service=VA...&protocol=http"
// (a twiliotest server). It reads no environment: without userinfo,
// AccountSID and AuthToken are empty, and the opener registered for
// verify.OpenVerifier fills them from EnvAccountSID and EnvAuthToken. An
// unknown parameter or a malformed value is an error wrapping
// sms.ErrInvalidOptions that quotes no value and no userinfo; New checks
// the values further.
func OptionsFromURL(u *url.URL) (Options, error) {
	var o Options
	q, h, err := urlForm.Read(u)
	if err != nil {
		return o, err
	}
	o.AccountSID, o.AuthToken, o.Endpoint = h.ID, h.Secret, h.Endpoint
	o.ServiceSID = q.String("service")
	services := q.String("services")
	o.Locale = q.String("locale")
	o.RateLimitKey = q.String("rate_limit_key")
	o.ValidFor = q.Duration("valid_for")
	o.DefaultRegion = q.String("default_region")
	o.Timeout = q.Duration("timeout")
	if err := q.Done(); err != nil {
		return Options{}, err
	}
	if services != "" {
		o.Services = map[string]string{}
		for _, pair := range strings.Split(services, ",") {
			purpose, sid, ok := strings.Cut(pair, ":")
			if _, dup := o.Services[purpose]; !ok || purpose == "" || sid == "" || dup {
				return Options{}, q.Err("services", "is not a list of distinct purpose:VA... pairs separated by commas")
			}
			o.Services[purpose] = sid
		}
	}
	if o.ServiceSID == "" && o.Services == nil {
		return Options{}, q.Err("service", "or services is required: the Verify Service (VA...) of the codes")
	}
	return o, nil
}
