package urlopt

import (
	"net/url"
	"strings"

	"github.com/smskit/sms"
)

// DefaultHost is the host that stands for the provider's own endpoint, as
// in Symfony Notifier's DSNs: "twilio://SID:TOKEN@default?from=...".
const DefaultHost = "default"

// Credentials returns the userinfo's user and password, unescaped, and
// whether the URL has userinfo. A user without a password is an error.
func Credentials(provider string, u *url.URL, user, password string) (string, string, bool, error) {
	if u.User == nil {
		return "", "", false, nil
	}
	id := u.User.Username()
	secret, ok := u.User.Password()
	if id == "" || !ok || secret == "" {
		return "", "", false, sms.NewOptionsError(provider, "the URL's userinfo must be "+user+":"+password+" (both, %-escaped), or absent")
	}
	return id, secret, true, nil
}

// Endpoint returns the endpoint URL the host (and, when allowPath, the
// path) of u names, with protocol "https" or "http" (the parameter
// "protocol", read from q): "" for DefaultHost or an empty host.
func Endpoint(q *Query, u *url.URL, allowPath bool) string {
	protocol := q.String("protocol")
	switch protocol {
	case "", "https", "http":
	default:
		q.fail("protocol", "is not https or http")
		return ""
	}
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	if path != "" && !allowPath {
		q.fail("path", "is not allowed: the URL names a host only")
		return ""
	}
	if u.Host == "" || strings.EqualFold(u.Host, DefaultHost) {
		if path != "" {
			q.fail("path", "needs a host other than "+DefaultHost)
		}
		if protocol != "" {
			q.fail("protocol", "needs a host other than "+DefaultHost)
		}
		return ""
	}
	if protocol == "" {
		protocol = "https"
	}
	return protocol + "://" + u.Host + path
}
