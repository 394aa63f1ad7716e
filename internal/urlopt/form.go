package urlopt

import (
	"context"
	"net/url"
	"os"
	"time"

	"github.com/smskit/sms"
)

// Form describes the URLs of one provider's opener: the scheme it
// registers, the provider its errors name, the names its documentation
// gives the userinfo's two parts, and whether the URL's path belongs to
// the endpoint.
type Form struct {
	Provider  string // the provider named in errors
	Scheme    string // the URL's scheme, without "://"
	User      string // the userinfo's user as documented, such as "ACCESS_KEY_ID"
	Password  string // the userinfo's password as documented, such as "ACCESS_KEY_SECRET"
	AllowPath bool   // the path is part of the endpoint (Endpoint's allowPath)
}

// Head is what the scheme, userinfo and host of a provider URL say.
type Head struct {
	ID, Secret string // the userinfo's user and password, "" when absent
	HasUser    bool   // the URL has userinfo
	Endpoint   string // Endpoint's answer: "" for the provider's own
}

// Read checks u's scheme, reads its credentials (Credentials) and starts
// reading its query, the parameter "protocol" and the endpoint first
// (Endpoint). A wrong scheme or malformed userinfo is returned at once;
// the query's errors are left to Query.Done.
func (f Form) Read(u *url.URL) (*Query, Head, error) {
	var h Head
	if u == nil || u.Scheme != f.Scheme {
		return nil, h, sms.NewOptionsError(f.Provider, `the URL's scheme is not "`+f.Scheme+`"`)
	}
	id, secret, ok, err := Credentials(f.Provider, u, f.User, f.Password)
	if err != nil {
		return nil, h, err
	}
	h.ID, h.Secret, h.HasUser = id, secret, ok
	q := NewQuery(f.Provider, u)
	h.Endpoint = Endpoint(q, u, f.AllowPath)
	return q, h, nil
}

// TemplateParams are the parameters templates, allow_undeclared and
// template_key.
type TemplateParams struct {
	Templates       []sms.Template // the file "templates" names (Templates)
	AllowUndeclared bool           // allow_undeclared
	Key             string         // template_key
}

// ReadTemplateParams reads templates, allow_undeclared and template_key,
// in that order.
func ReadTemplateParams(q *Query) TemplateParams {
	var p TemplateParams
	p.Templates = Templates(q)
	p.AllowUndeclared = q.Bool("allow_undeclared")
	p.Key = q.String("template_key")
	return p
}

// HTTPParams are the parameters connect_timeout, timeout and
// max_idle_conns.
type HTTPParams struct {
	ConnectTimeout time.Duration // connect_timeout
	Timeout        time.Duration // timeout
	MaxIdleConns   int           // max_idle_conns
}

// ReadHTTPParams reads connect_timeout, timeout and max_idle_conns, in
// that order.
func ReadHTTPParams(q *Query) HTTPParams {
	var p HTTPParams
	p.ConnectTimeout = q.Duration("connect_timeout")
	p.Timeout = q.Duration("timeout")
	p.MaxIdleConns = q.Int("max_idle_conns")
	return p
}

// Opener returns the sms.URLOpenerFunc of a provider: it reads the URL
// with options and builds the sender with build. An error of options is
// returned with a nil sender; build's answer is returned as it is.
func Opener[O any, S sms.Sender](options func(*url.URL) (O, error), build func(O) (S, error)) sms.URLOpenerFunc {
	return func(_ context.Context, u *url.URL) (sms.Sender, error) {
		o, err := options(u)
		if err != nil {
			return nil, err
		}
		return build(o)
	}
}

// EnvCredentials returns the values of the environment variables idVar
// and secretVar, the credentials of a URL without userinfo, or an error of
// f's provider when both are empty: it names the userinfo's parts and the
// variables, never a value.
func (f Form) EnvCredentials(idVar, secretVar string) (string, string, error) {
	id, secret := os.Getenv(idVar), os.Getenv(secretVar)
	if id == "" && secret == "" {
		return "", "", sms.NewOptionsError(f.Provider, "no credentials: write "+f.User+":"+f.Password+"@ in the URL or set "+idVar+" and "+secretVar)
	}
	return id, secret, nil
}
