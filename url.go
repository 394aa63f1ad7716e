package sms

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/smskit/sms/internal/urlsyntax"
)

// URLOpener opens a Sender from a URL of the scheme it was registered for,
// as gocloud.dev's URL openers do. A provider package registers one in its
// init with RegisterScheme; applications call OpenSender.
//
// An opener maps the URL to its package's Options one to one and calls the
// package's New: the URL's userinfo carries credentials, its host the
// endpoint ("default" for the provider's own), its query the other options.
// It returns an error wrapping ErrInvalidOptions for an unknown query
// parameter, a malformed value or options New refuses, and that error never
// holds the URL, its userinfo or a parameter's value.
type URLOpener interface {
	OpenSenderURL(ctx context.Context, u *url.URL) (Sender, error)
}

// URLOpenerFunc adapts a function to the URLOpener interface.
type URLOpenerFunc func(ctx context.Context, u *url.URL) (Sender, error)

// OpenSenderURL calls f(ctx, u).
func (f URLOpenerFunc) OpenSenderURL(ctx context.Context, u *url.URL) (Sender, error) {
	return f(ctx, u)
}

// urlProvider names the URL machinery in its OptionsErrors.
const urlProvider = "url"

// maxSchemeEcho bounds a scheme quoted back in an error.
const maxSchemeEcho = 24

var schemes struct {
	sync.RWMutex
	openers map[string]URLOpener
}

// RegisterScheme makes OpenSender open URLs of scheme ("aliyun") with
// opener. Schemes are case-insensitive and follow RFC 3986 (a letter, then
// letters, digits, "+", "-" or "."). It panics when scheme is malformed,
// opener is nil or the scheme is already registered: two packages claiming
// one scheme is a programming error, as in gocloud.dev. Provider packages
// call it from init, so importing a provider (even as _) is what makes its
// scheme available.
func RegisterScheme(scheme string, opener URLOpener) {
	if !urlsyntax.ValidScheme(scheme) {
		panic("sms: RegisterScheme: malformed scheme " + Quote(scheme))
	}
	if opener == nil {
		panic("sms: RegisterScheme: nil opener for scheme " + Quote(scheme))
	}
	scheme = strings.ToLower(scheme)
	schemes.Lock()
	defer schemes.Unlock()
	if schemes.openers == nil {
		schemes.openers = make(map[string]URLOpener)
	}
	if _, dup := schemes.openers[scheme]; dup {
		panic("sms: RegisterScheme: scheme " + Quote(scheme) + " registered twice")
	}
	schemes.openers[scheme] = opener
}

// Schemes returns the registered schemes, sorted.
func Schemes() []string {
	schemes.RLock()
	defer schemes.RUnlock()
	list := make([]string, 0, len(schemes.openers))
	for s := range schemes.openers {
		list = append(list, s)
	}
	slices.Sort(list)
	return list
}

// OpenSender opens the Sender that rawURL describes, with the opener
// registered for its scheme:
//
//	import _ "github.com/smskit/sms/provider/aliyun" // registers aliyun://
//
//	sender, err := sms.OpenSender(ctx, os.Getenv("SMSKIT_URL"))
//	// SMSKIT_URL=aliyun://default?sign=smskit&region=cn-hangzhou
//
// Each provider package documents its URL's parameters. Failures wrap
// ErrInvalidOptions, and their text never holds the URL: a malformed URL
// (bad %-escape, bad host), a scheme nobody registered, an unknown query
// parameter or a value the provider refuses is described, never quoted,
// since the URL may carry credentials.
func OpenSender(ctx context.Context, rawURL string) (Sender, error) {
	if ctx == nil {
		return nil, NewOptionsError(urlProvider, "nil context.Context")
	}
	scheme, ok := urlsyntax.Scheme(rawURL)
	if !ok {
		return nil, NewOptionsError(urlProvider, `the URL does not start with a scheme and "://", such as "aliyun://"; registered: `+registered())
	}
	schemes.RLock()
	opener := schemes.openers[strings.ToLower(scheme)]
	schemes.RUnlock()
	if opener == nil {
		shown := "the scheme"
		if len(scheme) <= maxSchemeEcho {
			shown = "scheme " + Quote(scheme)
		}
		return nil, NewOptionsError(urlProvider, shown+" is not registered (import its provider package); registered: "+registered())
	}
	u, reason, malformed := urlsyntax.Parse(rawURL)
	switch {
	case malformed:
		return nil, &OptionsError{Provider: urlProvider, Reason: reason, Err: urlsyntax.ErrMalformedURL}
	case reason != "":
		return nil, NewOptionsError(urlProvider, reason)
	}
	return opener.OpenSenderURL(ctx, u)
}

// registered lists the registered schemes for an error message.
func registered() string {
	list := Schemes()
	if len(list) == 0 {
		return "none (import a provider package)"
	}
	return strings.Join(list, ", ")
}
