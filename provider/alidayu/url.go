package alidayu

import (
	"net/url"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlopt"
)

// Scheme is the URL scheme this package registers with sms.RegisterScheme:
// importing the package makes sms.OpenSender open "alidayu://" URLs.
const Scheme = "alidayu"

// urlForm is the form of this package's URLs.
var urlForm = urlopt.Form{Provider: Name, Scheme: Scheme, User: "APPKEY", Password: "SECRET", AllowPath: true}

func init() { sms.RegisterScheme(Scheme, urlopt.Opener(OptionsFromURL, New)) }

// OptionsFromURL returns the Options an "alidayu://" URL describes, for a
// caller that wants to add what a URL cannot carry (Transport, Now) before
// New:
//
//	alidayu://APPKEY:SECRET@HOST[/PATH]?sign=NAME[&param=value...]
//
//	URL part           Options field              Note
//	userinfo           AppKey:AppSecret           required
//	host, path         Endpoint                   "default": DefaultEndpoint;
//	                                              a path replaces /router/rest
//	protocol=http      Endpoint's scheme          https (default) or http (an emulator)
//	sign               SignName
//	sign_method        SignMethod                 hmac (default) or md5
//	default_region     DefaultRegion              region of numbers without a country code
//	templates          Templates                  path of a JSON templates file
//	allow_undeclared   AllowUndeclaredTemplates   true or false
//	template_key       TemplateKey                default "alidayu"
//	timeout            Timeout                    a duration, such as 10s
//
// Examples: "alidayu://23456789:SECRET@default?sign=%E9%98%BF%E9%87%8C%E5%A4%A7%E4%BA%8E",
// "alidayu://23456789:SECRET@127.0.0.1:8080?sign=...&protocol=http" (an
// alidayutest emulator). An unknown parameter or a malformed value is an
// error wrapping sms.ErrInvalidOptions that quotes no value and no
// userinfo.
func OptionsFromURL(u *url.URL) (Options, error) {
	var o Options
	q, h, err := urlForm.Read(u)
	if err != nil {
		return o, err
	}
	if !h.HasUser {
		return o, optionsError("the URL has no userinfo: write alidayu://APPKEY:SECRET@default?sign=...")
	}
	o.AppKey, o.AppSecret, o.Endpoint = h.ID, h.Secret, h.Endpoint
	o.SignName = q.String("sign")
	o.SignMethod = q.String("sign_method")
	o.DefaultRegion = q.String("default_region")
	t := urlopt.ReadTemplateParams(q)
	o.Templates, o.AllowUndeclaredTemplates, o.TemplateKey = t.Templates, t.AllowUndeclared, t.Key
	o.Timeout = q.Duration("timeout")
	if err := q.Done(); err != nil {
		return Options{}, err
	}
	return o, nil
}
