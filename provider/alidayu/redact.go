package alidayu

import (
	"errors"
	"regexp"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// The redaction rule is positive: an error carries only fields this package
// chose, each checked before it is quoted.
//
//   - TOP's code, a number; a sub_code only if it has the form "isv." or
//     "isp." and a name, and shows nothing of the call and no number.
//   - A request_id only if it has TOP's form (lower-case letters and
//     digits) and shows nothing of the call.
//   - TOP's sub_msg (or msg), cut to maxProviderMessage characters, only if
//     it shows nothing of the call and nothing like a phone number or a
//     query string.
//   - Never an excerpt of the answer's body.
//   - A transport error as redact.Error lets it through.
//
// "Shows something of the call" is internal/redact's rule: six bytes in a
// row of the AppSecret or of the request's sign, four digits in a row of
// the recipient's number, a whole param value of four bytes or more, or a
// verification code.

// maxProviderMessage is the longest provider message quoted, in characters.
const maxProviderMessage = 200

// secrets lists what must never reach an error of one call.
type secrets = redact.Secrets

// errWithheld replaces an error whose text shows a secret.
var errWithheld = errors.New("alidayu: error text withheld: it showed request data")

// secretsOf lists the secrets of one call: the AppSecret, the request's
// sign, the recipient, the params and the reference.
func secretsOf(cred *credentials, sign string, to sms.Phone, params map[string]string, reference string) secrets {
	s := make(secrets, 0, 8+len(params))
	s.AddCredential(cred.secret)
	s.AddCredential(sign)
	s.AddMessage(to.E164(), to.National, params, reference)
	return s
}

// safeProviderMessage returns TOP's message, cut, if it shows nothing of
// the call and nothing like a number or a query; "" otherwise.
func safeProviderMessage(msg string, sec secrets) string {
	return sec.ProviderMessage(msg, maxProviderMessage)
}

// requestIDPattern is the form of TOP's request ids, such as "z28f2hwzp0xs".
var requestIDPattern = regexp.MustCompile(`^[0-9a-z]{6,40}$`)

// safeRequestID returns id if it has TOP's form and shows nothing of the
// call, "" otherwise.
func safeRequestID(id string, sec secrets) string {
	if !requestIDPattern.MatchString(id) || sec.InID(id, redact.MinNumberFragment) {
		return ""
	}
	return id
}

// modelPattern is the form of the message id (model) Alidayu answers:
// two runs of digits joined by "^", such as "134523^4351232".
var modelPattern = regexp.MustCompile(`^[0-9]{1,24}\^[0-9]{1,24}$`)

// safeModel returns id if it has the form of a model and holds no whole
// number or value of the call; "" otherwise.
func safeModel(id string, sec secrets) string {
	if !modelPattern.MatchString(id) || sec.InID(id, redact.WholeNumbers) {
		return ""
	}
	return id
}

// subCodePattern is the form of a sub_code: "isv." or "isp." and a name.
var subCodePattern = regexp.MustCompile(`^is[pv]\.[A-Za-z][A-Za-z0-9_.-]{0,63}$`)

// safeSubCode returns code if it is in the table, or has the form of a
// sub_code and shows nothing of the call and no number; "" otherwise.
func safeSubCode(code string, sec secrets) string {
	if _, known := subClasses[code]; known {
		return code
	}
	if !subCodePattern.MatchString(code) || sec.In(code) || redact.HasNumber(code) {
		return ""
	}
	return code
}

// sanitize returns err as redact.Error lets it through.
func sanitize(err error, sec secrets) error {
	if err == nil {
		return nil
	}
	return redact.Error(err, sec, errWithheld)
}
