package redact

import (
	"context"
	"errors"
	"fmt"
	"net/url"
)

// Shows reports whether any link of err's chain (through Unwrap() error and
// Unwrap() []error) shows a secret or a written number of MinNumberDigits
// or more digits as its Error(), %v or %+v; or a secret as its %#v. Under
// %#v, whose pointer addresses hold long digit runs, numbers of unknown
// digits are allowed and known numbers are matched whole.
func (s Secrets) Shows(err error) bool {
	if err == nil {
		return false
	}
	return shows(err, s.compile(true), s.compile(false))
}

func shows(err error, text, gostring *matcher) bool {
	if err == nil {
		return false
	}
	for _, t := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err)} {
		if text.found(t) {
			return true
		}
	}
	if gostring.found(fmt.Sprintf("%#v", err)) {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return shows(u.Unwrap(), text, gostring)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if shows(e, text, gostring) {
				return true
			}
		}
	}
	return false
}

// found reports whether m matches anything in text.
func (m *matcher) found(text string) bool {
	k := sink{stop: true, n: len(text)}
	m.scan(text, &k)
	return k.found
}

// Error returns an error safe to wrap in an *sms.Error for err, an SDK's or
// a transport's error: a *url.Error keeps its operation (and so its Timeout)
// but shows the URL's scheme and host only; an error any link of whose
// chain shows a secret (see Secrets.Shows) is replaced by its context
// error, or else by withheld.
func Error(err error, sec Secrets, withheld error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return &url.Error{Op: ue.Op, URL: URL(ue.URL), Err: Error(ue.Err, sec, withheld)}
	}
	if !sec.Shows(err) {
		return err
	}
	switch {
	case errors.Is(err, context.Canceled):
		return context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return context.DeadlineExceeded
	}
	return withheld
}

// URL keeps a URL's scheme and host only.
func URL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(url withheld)"
	}
	return u.Scheme + "://" + u.Host + "/"
}
