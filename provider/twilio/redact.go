package twilio

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"

	"github.com/twilio/twilio-go/client"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
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
// and the template param values.
type secrets = redact.Secrets

// secretsOf lists the secrets of a call. to is the recipient in E.164, or
// empty for a call without one; body and params may be empty.
func (s *Sender) secretsOf(to, body string, params map[string]string) secrets {
	sec := make(secrets, 0, 24)
	sec.Add(s.opts.AuthToken)
	sec.Add(base64.StdEncoding.EncodeToString([]byte(s.opts.AccountSID + ":" + s.opts.AuthToken)))
	if to != "" {
		sec.Add(to)
		sec.Add(strings.TrimPrefix(to, "+"))
		if p, err := sms.ParsePhone(to, ""); err == nil {
			sec.Add(p.National)
		}
	}
	sec.Add(body)
	for _, v := range params {
		sec.Add(v)
	}
	return sec
}

// errWithheld stands for an error whose text held request data.
var errWithheld = errors.New("twilio: error details withheld: they held request data")

// sanitize returns an error safe to wrap in an *sms.Error for err, an
// error of twilio-go or of the transport that is no Twilio error answer (see
// redact.Error).
func sanitize(err error, sec secrets) error { return redact.Error(err, sec, errWithheld) }

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
