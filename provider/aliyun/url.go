package aliyun

import (
	"context"
	"net/url"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlopt"
)

// Scheme is the URL scheme this package registers with sms.RegisterScheme:
// importing the package makes sms.OpenSender open "aliyun://" URLs.
const Scheme = "aliyun"

func init() {
	sms.RegisterScheme(Scheme, sms.URLOpenerFunc(func(_ context.Context, u *url.URL) (sms.Sender, error) {
		o, err := OptionsFromURL(u)
		if err != nil {
			return nil, err
		}
		return New(o)
	}))
}

// OptionsFromURL returns the Options an "aliyun://" URL describes, for a
// caller that wants to add what a URL cannot carry (Credentials, Transport,
// Now) before New:
//
//	aliyun://[ACCESS_KEY_ID:ACCESS_KEY_SECRET@]HOST?sign=NAME[&param=value...]
//
//	URL part           Options field              Note
//	userinfo           AccessKeyID:AccessKeySecret absent: the SDK's default chain
//	                                               (ALIBABA_CLOUD_ACCESS_KEY_ID...)
//	host               Endpoint                   "default" or empty: DefaultEndpoint
//	protocol=http      Endpoint's scheme          https (default) or http (an emulator)
//	sign               SignName                   required unless templates= is given
//	region             RegionID                   default cn-hangzhou
//	templates          Templates                  path of a JSON templates file
//	allow_undeclared   AllowUndeclaredTemplates   true or false
//	template_key       TemplateKey                default "aliyun"
//	up_extend_code     UpExtendCode               digits
//	connect_timeout    ConnectTimeout             a duration, such as 5s
//	timeout            Timeout                    a duration, such as 10s
//	max_idle_conns     MaxIdleConns               a positive integer
//
// Examples: "aliyun://?sign=smskit&region=cn-hangzhou" (credentials from the
// SDK's default chain), "aliyun://KEY_ID:SECRET@dysmsapi.aliyuncs.com?sign=smskit",
// "aliyun://KEY_ID:SECRET@127.0.0.1:8080?sign=smskit&protocol=http" (an
// aliyuntest emulator). Values are %-escaped (a sign in Chinese too); in
// this query "+" is a plus sign, not a space. The templates file is a JSON
// array: [{"name": "login_code", "kind": "verification", "codes":
// {"aliyun": "SMS_123456789"}, "signs": {"aliyun": "smskit"}}]; without
// one, a Message.Template is sent as the template code itself.
// An unknown parameter, a malformed value or a missing sign is an error
// wrapping sms.ErrInvalidOptions that quotes no value and no userinfo.
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
	o.SignName = q.String("sign")
	o.RegionID = q.String("region")
	o.Templates = urlopt.Templates(q)
	o.AllowUndeclaredTemplates = q.Bool("allow_undeclared")
	o.TemplateKey = q.String("template_key")
	o.UpExtendCode = q.String("up_extend_code")
	o.ConnectTimeout = q.Duration("connect_timeout")
	o.Timeout = q.Duration("timeout")
	o.MaxIdleConns = q.Int("max_idle_conns")
	if err := q.Done(); err != nil {
		return Options{}, err
	}
	if o.SignName == "" && len(o.Templates) == 0 {
		return Options{}, optionsError("the URL has no sign: add sign=NAME (%-escaped, such as sign=%E9%98%BF%E9%87%8C), or templates=FILE whose templates carry signs")
	}
	return o, nil
}
