package aliyun

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/smskit/sms"
)

// secrets lists what must never reach an error: the credentials and the
// signature of a request, the recipient in every form, and the template
// param values, each also URL-encoded once and twice (a string to sign
// encodes twice).
type secrets []string

// add records v and its encoded forms.
func (s *secrets) add(v string) {
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

// secretsOf lists the secrets of one call: its credentials, signature,
// recipient and params. msg is the message as sent (To in E.164).
func secretsOf(c *call, to string, params map[string]string) secrets {
	s := make(secrets, 0, 32)
	if c != nil {
		s.add(c.keyID)
		s.add(c.secret)
		s.add(c.token)
		if c.url != nil {
			q := c.url.Query()
			s.add(q.Get("Signature"))
			s.add(q.Get("AccessKeyId"))
			s.add(q.Get("SecurityToken"))
		}
	}
	if to != "" {
		s.add(to)
		s.add(aliyunNumber(to))
		if p, err := sms.ParsePhone(to, ""); err == nil {
			s.add(p.National)
		}
	}
	for _, v := range params {
		s.add(v)
	}
	return s
}

// maxProviderMessage caps the length of Aliyun's message quoted in an error.
const maxProviderMessage = 200

// safeProviderMessage returns Aliyun's message for an error if it can be shown
// to people: it holds none of the secrets, nothing that looks like a phone
// number or a query string (a string to sign), and is not too long.
// Otherwise it returns "".
func safeProviderMessage(msg string, sec secrets) string {
	msg = strings.TrimSpace(msg)
	if msg == "" || !utf8.ValidString(msg) || sec.in(msg) || longDigitRun(msg, 7) ||
		strings.Contains(msg, "&") || strings.Contains(msg, "%") {
		return ""
	}
	if utf8.RuneCountInString(msg) > maxProviderMessage {
		msg = string([]rune(msg)[:maxProviderMessage]) + "…"
	}
	return msg
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

// errWithheld stands for a transport error whose text held request data.
var errWithheld = errors.New("aliyun: transport error (details withheld: they held request data)")

// sanitize returns a transport error safe to wrap in an *sms.Error: a
// *url.Error keeps its operation and cause but loses the signed URL's query
// and path, and any error whose text still holds a secret is replaced by
// its context error or by errWithheld.
func sanitize(err error, sec secrets) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		err = &url.Error{Op: ue.Op, URL: redactURL(ue.URL), Err: ue.Err}
	}
	if !sec.in(err.Error()) && !longDigitRun(err.Error(), 7) {
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
