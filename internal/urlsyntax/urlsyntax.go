// Package urlsyntax reads the outer form of an smskit URL,
// "scheme://[userinfo@]host[/path][?query]", for the registries that open
// them (sms.OpenSender, verify.OpenVerifier through internal/urlopt): the
// scheme, and url.Parse's verdict told without quoting any part of the URL,
// since the URL may carry credentials. It depends on the standard library
// only, so that the core package can use it.
package urlsyntax

import (
	"errors"
	"net/url"
	"strings"
)

// ErrMalformedURL is wrapped by the registries' errors for a URL url.Parse
// refuses, in place of url.Parse's own error, which quotes the URL.
var ErrMalformedURL = errors.New("malformed URL")

// maxSchemeLength is the longest scheme ValidScheme accepts.
const maxSchemeLength = 64

// ValidScheme reports whether s is an RFC 3986 scheme (a letter, then
// letters, digits, "+", "-" or "."), as the registries require.
func ValidScheme(s string) bool {
	if s == "" || len(s) > maxSchemeLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// Scheme returns the scheme before "://" in rawURL, and whether there is
// a valid one.
func Scheme(rawURL string) (string, bool) {
	scheme, _, ok := strings.Cut(rawURL, "://")
	if !ok || !ValidScheme(scheme) {
		return "", false
	}
	return scheme, true
}

// Parse parses rawURL as "scheme://[userinfo@]host[/path][?query]". When it
// cannot, reason says why without quoting any of the URL, and malformed
// reports whether url.Parse refused it (the caller's error then wraps
// ErrMalformedURL) rather than its form being wrong.
func Parse(rawURL string) (u *url.URL, reason string, malformed bool) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, problem(err), true
	}
	if u.Opaque != "" {
		return nil, `the URL is not of the form "scheme://[userinfo@]host[/path][?query]"`, false
	}
	return u, "", false
}

// problem describes a url.Parse failure without quoting any of the URL:
// url.Error holds it whole, and an EscapeError or InvalidHostError holds a
// piece of it, which may be a piece of a secret.
func problem(err error) string {
	var escape url.EscapeError
	var host url.InvalidHostError
	switch {
	case errors.As(err, &escape):
		return `the URL has a malformed %-escape (a "%" must be followed by two hexadecimal digits; write "%" itself as "%25")`
	case errors.As(err, &host):
		return "the URL's host is malformed"
	case strings.Contains(err.Error(), "invalid port"):
		return "the URL's port is malformed"
	}
	return `the URL is malformed: it must read "scheme://[userinfo@]host[/path][?query]", with reserved characters in userinfo and values %-escaped`
}
