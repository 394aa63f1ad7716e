package aliyunintl

import (
	"net/url"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlopt"
)

// Scheme is the URL scheme this package registers with sms.RegisterScheme:
// importing the package makes sms.OpenSender open "aliyun-intl://" URLs.
const Scheme = Name

// urlForm is the form of this package's URLs.
var urlForm = urlopt.Form{Provider: Name, Scheme: Scheme, User: "ACCESS_KEY_ID", Password: "ACCESS_KEY_SECRET"}

func init() { sms.RegisterScheme(Scheme, urlopt.Opener(OptionsFromURL, New)) }

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
	q, h, err := urlForm.Read(u)
	if err != nil {
		return o, err
	}
	o.AccessKeyID, o.AccessKeySecret, o.Endpoint = h.ID, h.Secret, h.Endpoint
	o.From = q.String("from")
	o.Type = Type(q.String("type"))
	o.ValidityPeriod = q.Duration("validity")
	o.RegionID = q.String("region")
	o.DefaultRegion = q.String("default_region")
	t := urlopt.ReadTemplateParams(q)
	o.Templates, o.AllowUndeclared, o.TemplateKey = t.Templates, t.AllowUndeclared, t.Key
	c := urlopt.ReadHTTPParams(q)
	o.ConnectTimeout, o.Timeout, o.MaxIdleConns = c.ConnectTimeout, c.Timeout, c.MaxIdleConns
	if err := q.Done(); err != nil {
		return Options{}, err
	}
	return o, nil
}
