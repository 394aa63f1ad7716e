package aliyunverify

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"

	"github.com/smskit/sms/internal/urlopt"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/verify"
)

// Scheme is the URL scheme this package registers with
// verify.RegisterScheme: importing the package makes verify.OpenVerifier
// open "aliyunverify://" URLs.
const Scheme = "aliyunverify"

// urlForm is the form of this package's URLs.
var urlForm = urlopt.Form{Provider: aliyun.Name, Scheme: Scheme, User: "ACCESS_KEY_ID", Password: "ACCESS_KEY_SECRET"}

func init() {
	verify.RegisterScheme(Scheme, verify.URLOpenerFunc(func(_ context.Context, u *url.URL) (verify.Verifier, error) {
		o, err := OptionsFromURL(u)
		if err != nil {
			return nil, err
		}
		return New(o)
	}))
}

// OptionsFromURL returns the Options an "aliyunverify://" URL describes,
// for a caller that wants to add what a URL cannot carry (Credentials,
// Transport, Now) before New:
//
//	aliyunverify://[ACCESS_KEY_ID:ACCESS_KEY_SECRET@]HOST?sign=NAME&template=SMS_...[&param=value...]
//
//	URL part           Options field     Note
//	userinfo           AccessKeyID:      absent: the SDK's default chain
//	                   AccessKeySecret   (ALIBABA_CLOUD_ACCESS_KEY_ID...)
//	host               Endpoint          "default" or empty: DefaultEndpoint
//	protocol=http      Endpoint's scheme https (default) or http (an emulator)
//	sign               SignName          required
//	template           TemplateCode      required, "SMS_" and digits
//	template_param     TemplateParam     a JSON object, %-escaped; default
//	                                     {"code":"##code##"}
//	scheme_name        SchemeName        default: Aliyun's default scheme
//	code_length        CodeLength        4 to 8, default 6
//	code_type          CodeType          1 to 7, default 1 (digits)
//	valid_time         ValidTime         whole seconds, such as 5m (default)
//	interval           Interval          whole seconds, such as 60s (default)
//	duplicate_policy   DuplicatePolicy   replace_old (default) or keep_all
//	default_region     DefaultRegion     default CN
//	region             RegionID          default cn-hangzhou
//	connect_timeout    ConnectTimeout    a duration, such as 5s
//	timeout            Timeout           a duration, such as 10s
//	max_idle_conns     MaxIdleConns      a positive integer
//
// Examples: "aliyunverify://?sign=%E9%98%BF%E9%87%8C%E4%BA%91&template=SMS_154950909"
// (credentials from the SDK's default chain),
// "aliyunverify://KEY_ID:SECRET@127.0.0.1:8080?sign=smskit&template=SMS_1&protocol=http"
// (an aliyuntest emulator). Values are %-escaped (a sign in Chinese too);
// in this query "+" is a plus sign, not a space. An unknown parameter, a
// malformed value or a missing sign or template is an error wrapping
// sms.ErrInvalidOptions that quotes no value and no userinfo; New checks
// the values further.
func OptionsFromURL(u *url.URL) (Options, error) {
	var o Options
	q, h, err := urlForm.Read(u)
	if err != nil {
		return o, err
	}
	o.AccessKeyID, o.AccessKeySecret, o.Endpoint = h.ID, h.Secret, h.Endpoint
	o.SignName = q.String("sign")
	o.TemplateCode = q.String("template")
	param := q.String("template_param")
	o.SchemeName = q.String("scheme_name")
	o.CodeLength = q.Int("code_length")
	o.CodeType = q.Int("code_type")
	o.ValidTime = q.Duration("valid_time")
	o.Interval = q.Duration("interval")
	duplicate := q.String("duplicate_policy")
	o.DefaultRegion = q.String("default_region")
	o.RegionID = q.String("region")
	c := urlopt.ReadHTTPParams(q)
	o.ConnectTimeout, o.Timeout, o.MaxIdleConns = c.ConnectTimeout, c.Timeout, c.MaxIdleConns
	if err := q.Done(); err != nil {
		return Options{}, err
	}
	switch duplicate {
	case "", "replace_old":
		o.DuplicatePolicy = verify.ReplaceOld
	case "keep_all":
		o.DuplicatePolicy = verify.KeepAll
	default:
		return Options{}, q.Err("duplicate_policy", "is not replace_old or keep_all")
	}
	if param != "" {
		dec := json.NewDecoder(bytes.NewReader([]byte(param)))
		if err := dec.Decode(&o.TemplateParam); err != nil || dec.More() || o.TemplateParam == nil {
			return Options{}, q.Err("template_param", `is not a JSON object of strings, such as {"code":"##code##"} (%-escaped)`)
		}
	}
	switch {
	case o.SignName == "":
		return Options{}, q.Err("sign", "is required (%-escaped, such as sign=%E9%98%BF%E9%87%8C)")
	case o.TemplateCode == "":
		return Options{}, q.Err("template", `is required: the template code, "SMS_" and digits`)
	}
	return o, nil
}
