package verify

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlopt"
)

// URLOpener opens a Verifier from a URL of the scheme it was registered
// for, as sms.URLOpener opens a Sender. A hosted backend's package
// registers one in its init with RegisterScheme; applications call
// OpenVerifier.
//
// An opener maps the URL to its package's Options one to one and calls the
// package's New: the URL's userinfo carries credentials, its host the
// endpoint ("default" for the provider's own), its query the other options.
// It returns an error wrapping sms.ErrInvalidOptions for an unknown query
// parameter, a malformed value or options New refuses, and that error
// never holds the URL, its userinfo or a parameter's value.
type URLOpener interface {
	OpenVerifierURL(ctx context.Context, u *url.URL) (Verifier, error)
}

// URLOpenerFunc adapts a function to the URLOpener interface.
type URLOpenerFunc func(ctx context.Context, u *url.URL) (Verifier, error)

// OpenVerifierURL calls f(ctx, u).
func (f URLOpenerFunc) OpenVerifierURL(ctx context.Context, u *url.URL) (Verifier, error) {
	return f(ctx, u)
}

// maxSchemeEcho bounds a scheme quoted back in an error.
const maxSchemeEcho = 24

var schemes struct {
	sync.RWMutex
	openers map[string]URLOpener
}

// RegisterScheme makes OpenVerifier open URLs of scheme ("aliyunverify")
// with opener. The rules are sms.RegisterScheme's: schemes are
// case-insensitive RFC 3986 schemes, and a malformed scheme, a nil opener
// or a scheme registered twice panics. Verifier schemes are a registry of
// their own, apart from the senders': a verifier scheme is not a sender
// scheme, and the hosted backends' schemes end in "verify".
func RegisterScheme(scheme string, opener URLOpener) {
	if !urlopt.ValidScheme(scheme) {
		panic("verify: RegisterScheme: malformed scheme " + sms.Quote(scheme))
	}
	if opener == nil {
		panic("verify: RegisterScheme: nil opener for scheme " + sms.Quote(scheme))
	}
	scheme = strings.ToLower(scheme)
	schemes.Lock()
	defer schemes.Unlock()
	if schemes.openers == nil {
		schemes.openers = make(map[string]URLOpener)
	}
	if _, dup := schemes.openers[scheme]; dup {
		panic("verify: RegisterScheme: scheme " + sms.Quote(scheme) + " registered twice")
	}
	schemes.openers[scheme] = opener
}

// Schemes returns the registered verifier schemes, sorted.
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

// OpenVerifier opens the Verifier that rawURL describes, with the opener
// registered for its scheme:
//
//	import _ "github.com/smskit/sms/provider/twilio/twilioverify" // registers twilioverify://
//
//	v, err := verify.OpenVerifier(ctx, os.Getenv("SMSKIT_VERIFY_URL"))
//	// SMSKIT_VERIFY_URL=twilioverify://AC...:TOKEN@default?service=VA...
//
// The hosted backends register "aliyunverify" and "twilioverify"; their
// packages document the parameters. The local backend has no scheme: it
// needs a Sender and templates, which a URL does not carry well, and it
// keeps its state in the process (see New).
//
// Failures wrap sms.ErrInvalidOptions, and their text never holds the URL:
// a malformed URL, a scheme nobody registered, an unknown query parameter
// or a value the backend refuses is described, never quoted, since the URL
// may carry credentials. The Verifier is returned as its package's New
// returns it, unguarded: wrap it in Guard.
func OpenVerifier(ctx context.Context, rawURL string) (Verifier, error) {
	if ctx == nil {
		return nil, optionsError("nil context.Context")
	}
	scheme, ok := urlopt.Scheme(rawURL)
	if !ok {
		return nil, optionsError(`the URL does not start with a scheme and "://", such as "twilioverify://"; registered: ` + registered())
	}
	schemes.RLock()
	opener := schemes.openers[strings.ToLower(scheme)]
	schemes.RUnlock()
	if opener == nil {
		shown := "the scheme"
		if len(scheme) <= maxSchemeEcho {
			shown = "scheme " + sms.Quote(scheme)
		}
		return nil, optionsError(shown + " is not a registered verifier scheme (import its package); registered: " + registered())
	}
	u, err := urlopt.Parse(Name, rawURL)
	if err != nil {
		return nil, err
	}
	return opener.OpenVerifierURL(ctx, u)
}

// registered lists the registered schemes for an error message.
func registered() string {
	list := Schemes()
	if len(list) == 0 {
		return "none (import aliyunverify or twilioverify)"
	}
	return strings.Join(list, ", ")
}
