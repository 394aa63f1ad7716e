package alidayu

import (
	"context"
	"net/url"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlopt"
)

// Scheme is the URL scheme this package registers with sms.RegisterScheme:
// importing the package makes sms.OpenSender open "alidayu://" URLs.
const Scheme = "alidayu"

func init() {
	sms.RegisterScheme(Scheme, sms.URLOpenerFunc(func(_ context.Context, u *url.URL) (sms.Sender, error) {
		o, err := OptionsFromURL(u)
		if err != nil {
			return nil, err
		}
		return New(o)
	}))
}

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
	if u == nil || u.Scheme != Scheme {
		return o, optionsError(`the URL's scheme is not "` + Scheme + `"`)
	}
	key, secret, ok, err := urlopt.Credentials(Name, u, "APPKEY", "SECRET")
	if err != nil {
		return o, err
	}
	if !ok {
		return o, optionsError("the URL has no userinfo: write alidayu://APPKEY:SECRET@default?sign=...")
	}
	o.AppKey, o.AppSecret = key, secret
	q := urlopt.NewQuery(Name, u)
	o.Endpoint = urlopt.Endpoint(q, u, true)
	o.SignName = q.String("sign")
	o.SignMethod = q.String("sign_method")
	o.DefaultRegion = q.String("default_region")
	o.Templates = urlopt.Templates(q)
	o.AllowUndeclaredTemplates = q.Bool("allow_undeclared")
	o.TemplateKey = q.String("template_key")
	o.Timeout = q.Duration("timeout")
	if err := q.Done(); err != nil {
		return Options{}, err
	}
	return o, nil
}
