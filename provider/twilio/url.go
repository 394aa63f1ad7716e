package twilio

import (
	"context"
	"net/url"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlopt"
	"github.com/smskit/sms/provider/twilio/internal/wire"
)

// Scheme is the URL scheme this package registers with sms.RegisterScheme:
// importing the package makes sms.OpenSender open "twilio://" URLs.
const Scheme = "twilio"

// urlForm is the form of this package's URLs.
var urlForm = urlopt.Form{Provider: Name, Scheme: Scheme, User: "ACCOUNT_SID", Password: "AUTH_TOKEN", AllowPath: true}

// The environment variables that supply the credentials of a "twilio://"
// URL without userinfo, as twilio-go's own client reads them.
const (
	EnvAccountSID = wire.EnvAccountSID
	EnvAuthToken  = wire.EnvAuthToken
)

func init() {
	sms.RegisterScheme(Scheme, sms.URLOpenerFunc(func(_ context.Context, u *url.URL) (sms.Sender, error) {
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

// OptionsFromURL returns the Options a "twilio://" URL describes, for a
// caller that wants to add what a URL cannot carry (Transport, Now) before
// New:
//
//	twilio://[ACCOUNT_SID:AUTH_TOKEN@]HOST[/PATH]?from=+1...[&param=value...]
//
//	URL part           Options field              Note
//	userinfo           AccountSID:AuthToken       absent: EnvAccountSID, EnvAuthToken
//	                                              (read by sms.OpenSender's opener)
//	host[/path]        Endpoint                   "default": api.twilio.com
//	protocol=http      Endpoint's scheme          https (default) or http (an emulator)
//	from               From                       "+" is a plus here, not a space
//	messaging_service  MessagingServiceSID        from or messaging_service is required
//	status_callback    StatusCallback             %-escaped absolute URL
//	templates          Templates                  path of a JSON templates file
//	template_key       TemplateKey                default "twilio"
//	default_region     DefaultRegion              such as US
//	timeout            Timeout                    a duration, such as 10s
//
// Examples: "twilio://AC...:TOKEN@default?from=+15005550006",
// "twilio://default?messaging_service=MG..." (credentials from the
// environment), "twilio://AC...:TOKEN@127.0.0.1:9000?from=+15005550006&protocol=http"
// (a twiliotest server). The templates file is a JSON array:
// [{"name": "login_code", "kind": "international", "text": "Your code is ${code}."}]. It reads no
// environment: without userinfo, AccountSID and AuthToken are empty, and
// the opener registered for sms.OpenSender fills them from EnvAccountSID
// and EnvAuthToken. An unknown parameter or a malformed value is an error
// wrapping sms.ErrInvalidOptions that quotes no value and no userinfo.
func OptionsFromURL(u *url.URL) (Options, error) {
	var o Options
	q, h, err := urlForm.Read(u)
	if err != nil {
		return o, err
	}
	o.AccountSID, o.AuthToken, o.Endpoint = h.ID, h.Secret, h.Endpoint
	o.From = q.String("from")
	o.MessagingServiceSID = q.String("messaging_service")
	o.StatusCallback = q.String("status_callback")
	o.Templates = urlopt.Templates(q)
	o.TemplateKey = q.String("template_key")
	o.DefaultRegion = q.String("default_region")
	o.Timeout = q.Duration("timeout")
	if err := q.Done(); err != nil {
		return Options{}, err
	}
	return o, nil
}
