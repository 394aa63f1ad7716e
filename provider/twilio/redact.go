package twilio

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/twilio/twilio-go/client"

	"github.com/smskit/sms"
)

// An *sms.Error of this package never wraps an error as twilio-go or the
// transport returned it: Twilio's messages quote the recipient ("The 'To'
// number +14155552671 is not a valid phone number."), and error reporters
// that walk the Unwrap chain (Sentry, %+v) print every link. It wraps
// instead:
//
//   - for an error answer that twilio-go decoded, a sanitized copy of its
//     *client.TwilioRestError (see restCopy), so that errors.As still finds
//     the Twilio error code and HTTP status;
//   - for any other error, the error itself if no link of its chain shows
//     a secret of the call in any format, or else a stand-in (see
//     sanitize).

// secrets lists what must never reach an error of one call: the auth token
// and its Authorization header, the recipient in every form, the text sent
// and the template param values, each also URL-encoded (the request is a
// form).
type secrets []string

// secretsOf lists the secrets of a call. to is the recipient in E.164, or
// empty for a call without one; body and params may be empty.
func (s *Sender) secretsOf(to, body string, params map[string]string) secrets {
	sec := make(secrets, 0, 24)
	sec.add(s.opts.AuthToken)
	sec.add(base64.StdEncoding.EncodeToString([]byte(s.opts.AccountSID + ":" + s.opts.AuthToken)))
	if to != "" {
		sec.add(to)
		sec.add(strings.TrimPrefix(to, "+"))
		if p, err := sms.ParsePhone(to, ""); err == nil {
			sec.add(p.National)
		}
	}
	sec.add(body)
	for _, v := range params {
		sec.add(v)
	}
	return sec
}

// add records v and its URL-encoded forms.
func (s *secrets) add(v string) {
	if v == "" {
		return
	}
	once := url.QueryEscape(v)
	for _, form := range []string{v, once, url.PathEscape(v), strings.ReplaceAll(once, "+", "%20")} {
		if !s.has(form) {
			*s = append(*s, form)
		}
	}
}

func (s secrets) has(v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// in reports whether text holds any of the secrets.
func (s secrets) in(text string) bool {
	for _, x := range s {
		if strings.Contains(text, x) {
			return true
		}
	}
	return false
}

// shows reports whether any link of err's chain (through Unwrap() error
// and Unwrap() []error) shows a secret, or a run of 7 or more digits that
// may be a phone number, as its Error(), %v or %+v, or a secret as its
// %#v (whose pointer addresses may hold long digit runs).
func (s secrets) shows(err error) bool {
	if err == nil {
		return false
	}
	for _, text := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err)} {
		if s.in(text) || longDigitRun(text, 7) {
			return true
		}
	}
	if s.in(fmt.Sprintf("%#v", err)) {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return s.shows(u.Unwrap())
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if s.shows(e) {
				return true
			}
		}
	}
	return false
}

// longDigitRun reports whether s holds n or more consecutive ASCII digits.
func longDigitRun(s string, n int) bool {
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

// errWithheld stands for an error whose text held request data.
var errWithheld = errors.New("twilio: error details withheld: they held request data")

// sanitize returns an error safe to wrap in an *sms.Error for err, an
// error of twilio-go or of the transport that is no Twilio error answer. A
// *url.Error keeps its operation (and so its Timeout and Temporary) but
// shows the URL's scheme and host only; an error that, in any link of its
// chain, shows a secret is replaced by its context error or errWithheld.
func sanitize(err error, sec secrets) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return &url.Error{Op: ue.Op, URL: redactURL(ue.URL), Err: sanitize(ue.Err, sec)}
	}
	if !sec.shows(err) {
		return err
	}
	switch {
	case errors.Is(err, context.Canceled):
		return context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return context.DeadlineExceeded
	}
	return errWithheld
}

// redactURL keeps a URL's scheme and host only.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(url withheld)"
	}
	return u.Scheme + "://" + u.Host + "/"
}

// twilioCode returns code if it is a Twilio error code (five digits at
// most), and 0 otherwise: an answer's body decides it, and a long number
// there may be a phone number.
func twilioCode(code int) int {
	if code <= 0 || code > 99999 {
		return 0
	}
	return code
}

// restCopy returns the copy of Twilio's error answer an *sms.Error wraps:
// its Status is the answer's HTTP status, its Code Twilio's error code,
// its Message smskit's text for the code (Twilio's quotes the request) and
// its MoreInfo the code's page in Twilio's docs; it has no Details, which
// echo the request.
func restCopy(status, code int, message string) *client.TwilioRestError {
	c := &client.TwilioRestError{Status: status, Code: code, Message: message}
	if code != 0 {
		c.MoreInfo = "https://www.twilio.com/docs/errors/" + strconv.Itoa(code)
	}
	return c
}
