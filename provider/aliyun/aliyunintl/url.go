package aliyunintl

import (
	"context"
	"net/url"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlopt"
)

// Scheme is the URL scheme this package registers with sms.RegisterScheme:
// importing the package makes sms.OpenSender open "aliyun-intl://" URLs.
const Scheme = Name

func init() {
	sms.RegisterScheme(Scheme, sms.URLOpenerFunc(func(_ context.Context, u *url.URL) (sms.Sender, error) {
		o, err := OptionsFromURL(u)
		if err != nil {
			return nil, err
		}
		return New(o)
	}))
}

// OptionsFromURL returns the Options an "aliyun-intl://" URL describes:
//
//	aliyun-intl://[ACCESS_KEY_ID:ACCESS_KEY_SECRET@]HOST[?param=value...]
//
//	URL part           Options field     Note
//	userinfo           AccessKeyID:      absent: the SDK's default chain
//	                   AccessKeySecret
//	host               Endpoint          "default" or empty: DefaultEndpoint
//	protocol=http      Endpoint's scheme https (default) or http (an emulator)
//	from               From              a sender id
//	type               Type              OTP, NOTIFY or MKT; default by kind
//	validity           ValidityPeriod    whole seconds, such as 10m
//	region             RegionID          default ap-southeast-1
//	default_region     DefaultRegion     such as SG
//	templates          Templates         path of a JSON templates file
//	allow_undeclared   AllowUndeclared   true or false
//	template_key       TemplateKey       default "aliyun-intl"
//	connect_timeout    ConnectTimeout    a duration, such as 5s
//	timeout            Timeout           a duration, such as 10s
//	max_idle_conns     MaxIdleConns      a positive integer
//
// Example: "aliyun-intl://KEY_ID:SECRET@default?from=SMSKIT". An unknown
// parameter or a malformed value is an error wrapping sms.ErrInvalidOptions
// that quotes no value and no userinfo.
func OptionsFromURL(u *url.URL) (Options, error) {
	var o Options
	if u == nil || u.Scheme != Scheme {
		return o, optionsError(`the URL's scheme is not "` + Scheme + `"`)
	}
	id, secret, _, err := urlopt.Credentials(Name, u, "ACCESS_KEY_ID", "ACCESS_KEY_SECRET")
	if err != nil {
		return o, err
	}
	o.AccessKeyID, o.AccessKeySecret = id, secret
	q := urlopt.NewQuery(Name, u)
	o.Endpoint = urlopt.Endpoint(q, u, false)
	o.From = q.String("from")
	o.Type = Type(q.String("type"))
	o.ValidityPeriod = q.Duration("validity")
	o.RegionID = q.String("region")
	o.DefaultRegion = q.String("default_region")
	o.Templates = urlopt.Templates(q)
	o.AllowUndeclared = q.Bool("allow_undeclared")
	o.TemplateKey = q.String("template_key")
	o.ConnectTimeout = q.Duration("connect_timeout")
	o.Timeout = q.Duration("timeout")
	o.MaxIdleConns = q.Int("max_idle_conns")
	if err := q.Done(); err != nil {
		return Options{}, err
	}
	return o, nil
}
