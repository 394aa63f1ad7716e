package tencent

import (
	"net/url"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlopt"
)

// Scheme is the URL scheme this package registers with sms.RegisterScheme:
// importing the package makes sms.OpenSender open "tencent://" URLs.
const Scheme = "tencent"

// urlForm is the form of this package's URLs.
var urlForm = urlopt.Form{Provider: Name, Scheme: Scheme, User: "SECRET_ID", Password: "SECRET_KEY"}

func init() { sms.RegisterScheme(Scheme, urlopt.Opener(OptionsFromURL, New)) }

// OptionsFromURL returns the Options a "tencent://" URL describes, for a
// caller that wants to add what a URL cannot carry (ParamOrder, Transport,
// Now) before New:
//
//	tencent://[SECRET_ID:SECRET_KEY@]HOST?app=SDKAPPID&sign=NAME[&param=value...]
//
//	URL part           Options field              Note
//	userinfo           SecretID:SecretKey         absent: TENCENTCLOUD_SECRET_ID and
//	                                              TENCENTCLOUD_SECRET_KEY, read by New
//	host               Endpoint                   "default" or empty: DefaultEndpoint
//	protocol=http      Endpoint's scheme          https (default) or http (an emulator)
//	app                SmsSdkAppID                required
//	sign               SignName
//	region             RegionID                   default ap-guangzhou
//	default_region     DefaultRegion              region of numbers without a country code
//	templates          Templates                  path of a JSON templates file
//	allow_undeclared   AllowUndeclaredTemplates   true or false
//	template_key       TemplateKey                default "tencent"
//	extend_code        ExtendCode                 digits
//	sender_id          SenderID                   international sender id
//	connect_timeout    ConnectTimeout             a duration, such as 5s
//	timeout            Timeout                    a duration, such as 10s
//	max_idle_conns     MaxIdleConns               a positive integer
//
// Examples: "tencent://default?app=1400006666&sign=%E8%85%BE%E8%AE%AF%E4%BA%91"
// (credentials from the environment),
// "tencent://ID:KEY@127.0.0.1:8080?app=1400000000&sign=...&protocol=http"
// (a tencenttest emulator). The templates' positional order comes from
// each template's text in the templates file; ParamOrder is set in Go. An
// unknown parameter or a malformed value is an error wrapping
// sms.ErrInvalidOptions that quotes no value and no userinfo.
func OptionsFromURL(u *url.URL) (Options, error) {
	var o Options
	q, h, err := urlForm.Read(u)
	if err != nil {
		return o, err
	}
	o.SecretID, o.SecretKey, o.Endpoint = h.ID, h.Secret, h.Endpoint
	o.SmsSdkAppID = q.String("app")
	o.SignName = q.String("sign")
	o.RegionID = q.String("region")
	o.DefaultRegion = q.String("default_region")
	t := urlopt.ReadTemplateParams(q)
	o.Templates, o.AllowUndeclaredTemplates, o.TemplateKey = t.Templates, t.AllowUndeclared, t.Key
	o.ExtendCode = q.String("extend_code")
	o.SenderID = q.String("sender_id")
	c := urlopt.ReadHTTPParams(q)
	o.ConnectTimeout, o.Timeout, o.MaxIdleConns = c.ConnectTimeout, c.Timeout, c.MaxIdleConns
	if err := q.Done(); err != nil {
		return Options{}, err
	}
	if o.SmsSdkAppID == "" {
		return Options{}, optionsError("the URL has no app: add app=SDKAPPID, such as app=1400006666")
	}
	return o, nil
}
