package wire

import (
	"errors"
	"strconv"
	"strings"

	"github.com/twilio/twilio-go/client"

	"github.com/smskit/sms/internal/redact"
)

// The redaction rule is positive: an *sms.Error of the Twilio packages
// carries only fields smskit chose, never text it did not write.
//
//   - From an answer: the HTTP status and Twilio's error code, as numbers
//     (a code only when it is Twilio's five digits), a request id only
//     when it matches Twilio's format and shows no fragment of the call's
//     secrets (CleanRequestID), and smskit's own text for the code. No byte
//     of an answer's body is quoted: Twilio's messages quote the recipient
//     ("The 'To' number +14155552671 is not a valid phone number."), and a
//     gateway's page or a cut body may quote anything. The error wraps a
//     *client.TwilioRestError built from those fields (restCopy), so that
//     errors.As still finds Twilio's code and HTTP status, or
//     ErrUnexpectedAnswer.
//   - Without an answer (the transport failed): the transport's error,
//     only if no link of its chain shows a secret of the call in any
//     format, or else a stand-in (see Sanitize and redact.Error).

// Secrets lists what must never reach an error of one call: the auth token
// and its Authorization header, the recipient in every form, and the
// values given (a text, template params, a code). to is the recipient in
// E.164 and national its national number, or both empty for a call
// without one.
func (cl *Client) Secrets(to, national string, values ...string) redact.Secrets {
	k := cl.Keys()
	sec := make(redact.Secrets, 0, 8+len(values))
	sec.Add(k.Credentials.Password)
	sec.Add(k.Basic)
	if to != "" {
		sec.Add(to)
		sec.Add(strings.TrimPrefix(to, "+"))
		sec.Add(national)
	}
	for _, v := range values {
		sec.Add(v)
	}
	return sec
}

// errWithheld stands for an error whose text held request data.
var errWithheld = errors.New("twilio: error details withheld: they held request data")

// Sanitize returns an error safe to wrap in an *sms.Error for err, an
// error of twilio-go or of the transport that is no answer (see
// redact.Error).
func Sanitize(err error, sec redact.Secrets) error { return redact.Error(err, sec, errWithheld) }

// TwilioCode returns code if it is a Twilio error code (five digits), and
// 0 otherwise.
func TwilioCode(code int) int {
	if code < 10000 || code > 99999 {
		return 0
	}
	return code
}

// restCopy returns the *client.TwilioRestError an *sms.Error wraps for
// Twilio's error answer: its Status is the answer's HTTP status, its Code
// Twilio's error code, its Message smskit's text for the code (Twilio's
// quotes the request) and its MoreInfo the code's page in Twilio's docs;
// it has no Details, which echo the request.
func restCopy(status, code int, message string) *client.TwilioRestError {
	c := &client.TwilioRestError{Status: status, Code: code, Message: message}
	if code != 0 {
		c.MoreInfo = "https://www.twilio.com/docs/errors/" + strconv.Itoa(code)
	}
	return c
}

// showsFragment reports whether s holds six or more consecutive characters
// of token (case-insensitively) or seven or more consecutive digits of
// national, all of them when it has fewer: redact.Secrets.InID, which
// checks Aliyun's ids too. An id that passes its format check could still
// be built from the request, as a header echoing it. Shorter runs of digits
// are everyday in hexadecimal ids (and in the emulator's, which count from
// zero), so they are not refused; a random Twilio request id holds a
// six-character fragment of a 32-character token about once in 20,000,
// and then only loses its request id.
func showsFragment(s, token, national string) bool {
	sec := redact.Secrets{{Kind: redact.Credential, Text: token}, {Kind: redact.Number, Text: national}}
	return sec.InID(s, redact.MinNumberDigits)
}
