// Package redact keeps a call's secrets out of the errors that smskit's
// providers return: credentials, signatures, recipients and template params
// that a provider's SDK or transport would quote.
package redact

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Secrets lists what must never reach an error of one call, each value with
// its URL-encoded forms (encoded once and twice, with "+" or "%20" for a
// space), since requests and strings to sign quote them encoded.
type Secrets []string

// Add records v and its encoded forms; an empty v is ignored.
func (s *Secrets) Add(v string) {
	if v == "" {
		return
	}
	once := url.QueryEscape(v)
	for _, form := range []string{v, once, url.PathEscape(v), url.QueryEscape(once),
		strings.ReplaceAll(once, "+", "%20")} {
		if !s.has(form) {
			*s = append(*s, form)
		}
	}
}

func (s Secrets) has(v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// In reports whether text holds any of the secrets.
func (s Secrets) In(text string) bool {
	for _, x := range s {
		if strings.Contains(text, x) {
			return true
		}
	}
	return false
}

// Shows reports whether any link of err's chain (through Unwrap() error and
// Unwrap() []error) shows a secret, or a run of seven or more digits that
// may be a phone number, as its Error(), %v or %+v; or a secret as its %#v,
// whose pointer addresses may hold long digit runs.
func (s Secrets) Shows(err error) bool {
	if err == nil {
		return false
	}
	for _, text := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err)} {
		if s.In(text) || LongDigitRun(text, 7) {
			return true
		}
	}
	if s.In(fmt.Sprintf("%#v", err)) {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return s.Shows(u.Unwrap())
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if s.Shows(e) {
				return true
			}
		}
	}
	return false
}

// LongDigitRun reports whether s holds n or more consecutive ASCII digits.
func LongDigitRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if run++; run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// Error returns an error safe to wrap in an *sms.Error for err, an SDK's or
// a transport's error: a *url.Error keeps its operation (and so its Timeout)
// but shows the URL's scheme and host only; an error any link of whose
// chain shows a secret is replaced by its context error, or else by
// withheld.
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
