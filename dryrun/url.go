package dryrun

import (
	"net/url"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlopt"
)

// Scheme is the URL scheme this package registers with sms.RegisterScheme:
// importing the package makes sms.OpenSender open "dryrun://" URLs.
const Scheme = "dryrun"

func init() { sms.RegisterScheme(Scheme, urlopt.Opener(OptionsFromURL, New)) }

// OptionsFromURL returns the Options a "dryrun://" URL describes. Rules,
// Logger and Now cannot be carried by a URL: add them before New when you
// need them.
//
//	dryrun://[default][?param=value...]
//
//	parameter       Options field   Note
//	provider        Provider        the name results and errors carry
//	default_region  DefaultRegion   such as CN
//	templates       Templates       path of a JSON templates file
//	keep            Keep            a positive integer, default 100
//
// Without templates, any template name is accepted as a provider's code. An
// unknown parameter or a malformed value is an error wrapping
// sms.ErrInvalidOptions that quotes no value.
func OptionsFromURL(u *url.URL) (Options, error) {
	var o Options
	if u == nil || u.Scheme != Scheme {
		return o, sms.NewOptionsError(DefaultProvider, `the URL's scheme is not "`+Scheme+`"`)
	}
	if u.User != nil || (u.Host != "" && u.Host != urlopt.DefaultHost) || (u.Path != "" && u.Path != "/") {
		return o, sms.NewOptionsError(DefaultProvider, `a dryrun URL has no userinfo, host or path: "dryrun://" or "dryrun://default", then a query`)
	}
	q := urlopt.NewQuery(DefaultProvider, u)
	o.Provider = q.String("provider")
	o.DefaultRegion = q.String("default_region")
	o.Templates = urlopt.Templates(q)
	o.Keep = q.Int("keep")
	if err := q.Done(); err != nil {
		return Options{}, err
	}
	return o, nil
}
