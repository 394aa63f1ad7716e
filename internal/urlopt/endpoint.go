package urlopt

import (
	"net/url"
	"strings"
)

// SDKEndpoint splits an Options.Endpoint of the form "https://host[:port]"
// (empty means def; a bare host means https) into the scheme and domain an
// SDK's client profile takes ("HTTPS" or "HTTP", "host[:port]"). problem
// is not empty when endpoint has another form; the provider reports it as
// its own options error.
func SDKEndpoint(endpoint, def string) (scheme, domain, problem string) {
	if endpoint == "" {
		endpoint = def
	}
	if !strings.Contains(endpoint, "://") {
		endpoint = "https://" + endpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" ||
		strings.Trim(u.Path, "/") != "" {
		return "", "", `Endpoint is not of the form "https://host[:port]"`
	}
	switch u.Scheme {
	case "https":
		return "HTTPS", u.Host, ""
	case "http":
		return "HTTP", u.Host, ""
	}
	return "", "", "Endpoint scheme is not http or https"
}
