package aliyun

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// secrets lists what must never reach an error of one call: the
// credentials and the signature of the request, the recipient in every form,
// and the template param values.
type secrets = redact.Secrets

// secretsOf lists the secrets of one call: its credentials, signature,
// recipient and params. msg is the message as sent (To in E.164).
func secretsOf(c *call, to string, params map[string]string) secrets {
	s := make(secrets, 0, 32)
	if c != nil {
		s.Add(c.keyID)
		s.Add(c.secret)
		s.Add(c.token)
		if c.url != nil {
			q := c.url.Query()
			s.Add(q.Get("Signature"))
			s.Add(q.Get("AccessKeyId"))
			s.Add(q.Get("SecurityToken"))
		}
	}
	if to != "" {
		s.Add(to)
		s.Add(aliyunNumber(to))
		if p, err := sms.ParsePhone(to, ""); err == nil {
			s.Add(p.National)
		}
	}
	for _, v := range params {
		s.Add(v)
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
	if msg == "" || !utf8.ValidString(msg) || sec.In(msg) || redact.LongDigitRun(msg, 7) ||
		strings.Contains(msg, "&") || strings.Contains(msg, "%") {
		return ""
	}
	if utf8.RuneCountInString(msg) > maxProviderMessage {
		msg = string([]rune(msg)[:maxProviderMessage]) + "…"
	}
	return msg
}

// errWithheld stands for a transport error whose text held request data.
var errWithheld = errors.New("aliyun: transport error (details withheld: they held request data)")

// sanitize returns a transport error safe to wrap in an *sms.Error (see
// redact.Error): the signed URL loses its query and path, and an error
// that still shows a secret is replaced.
func sanitize(err error, sec secrets) error { return redact.Error(err, sec, errWithheld) }
