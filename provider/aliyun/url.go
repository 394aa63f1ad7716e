package aliyun

import (
	"net/url"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlopt"
)

// Scheme is the URL scheme this package registers with sms.RegisterScheme:
// importing the package makes sms.OpenSender open "aliyun://" URLs.
const Scheme = "aliyun"

// urlForm is the form of this package's URLs.
var urlForm = urlopt.Form{Provider: Name, Scheme: Scheme, User: "ACCESS_KEY_ID", Password: "ACCESS_KEY_SECRET"}

func init() { sms.RegisterScheme(Scheme, urlopt.Opener(OptionsFromURL, New)) }

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
	q, h, err := urlForm.Read(u)
	if err != nil {
		return o, err
	}
	o.AccessKeyID, o.AccessKeySecret, o.Endpoint = h.ID, h.Secret, h.Endpoint
	o.SignName = q.String("sign")
	o.RegionID = q.String("region")
	t := urlopt.ReadTemplateParams(q)
	o.Templates, o.AllowUndeclaredTemplates, o.TemplateKey = t.Templates, t.AllowUndeclared, t.Key
	o.UpExtendCode = q.String("up_extend_code")
	c := urlopt.ReadHTTPParams(q)
	o.ConnectTimeout, o.Timeout, o.MaxIdleConns = c.ConnectTimeout, c.Timeout, c.MaxIdleConns
	if err := q.Done(); err != nil {
		return Options{}, err
	}
	if o.SignName == "" && len(o.Templates) == 0 {
		return Options{}, optionsError("the URL has no sign: add sign=NAME (%-escaped, such as sign=%E9%98%BF%E9%87%8C), or templates=FILE whose templates carry signs")
	}
	return o, nil
}
