package urlopt

import (
	"net/url"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlsyntax"
)

// ErrMalformedURL is wrapped by Parse's error for a URL url.Parse refuses,
// in place of url.Parse's own error, which quotes the URL.
var ErrMalformedURL = urlsyntax.ErrMalformedURL

// ValidScheme reports whether s is an RFC 3986 scheme (a letter, then
// letters, digits, "+", "-" or "."), as sms.RegisterScheme requires.
func ValidScheme(s string) bool { return urlsyntax.ValidScheme(s) }

// Scheme returns the scheme before "://" in rawURL, and whether there is
// a valid one.
func Scheme(rawURL string) (string, bool) { return urlsyntax.Scheme(rawURL) }

// Parse parses rawURL as "scheme://[userinfo@]host[/path][?query]" for
// provider. Its errors wrap sms.ErrInvalidOptions and describe the
// problem without quoting any part of the URL: url.Parse's own errors
// hold the URL, or a piece of it, which may be a piece of a secret.
func Parse(provider, rawURL string) (*url.URL, error) {
	u, reason, malformed := urlsyntax.Parse(rawURL)
	switch {
	case malformed:
		return nil, &sms.OptionsError{Provider: provider, Reason: reason, Err: ErrMalformedURL}
	case reason != "":
		return nil, sms.NewOptionsError(provider, reason)
	}
	return u, nil
}
