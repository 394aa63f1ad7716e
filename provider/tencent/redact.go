package tencent

import (
	"errors"
	"regexp"
	"strings"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// The redaction rule is positive: an error carries only fields this package
// chose, each checked before it is quoted.
//
//   - Tencent's Code: a code of the table as it is; any other only if it has
//     the form of a code (letters, digits, "." and "_", at most 64) and
//     shows nothing of the call and no number.
//   - A RequestId only if it has the form of Tencent's request ids (a UUID
//     in lower-case hex) and shows nothing of the call.
//   - Tencent's Message, cut to maxProviderMessage characters, and only if
//     it shows nothing of the call and holds nothing that looks like a
//     phone number or a query string.
//   - Never an excerpt of the answer's body, and never the SDK's error text
//     (its JSON and HTTP-status errors quote the whole body): such errors
//     are replaced by the package's own text.
//   - A transport error as redact.Error lets it through.
//
// "Shows something of the call" is internal/redact's rule: six bytes in a
// row of a credential or of the request's signature, four digits in a row
// of the recipient's number, a whole param value of four bytes or more, or
// a verification code.

// maxProviderMessage is the longest provider message quoted, in characters.
const maxProviderMessage = 200

// secrets lists what must never reach an error of one call.
type secrets = redact.Secrets

// errWithheld replaces an error whose text shows a secret.
var errWithheld = errors.New("tencent: error text withheld: it showed request data")

// secretsOf lists the secrets of one call: its credentials, the request's
// Authorization header, the recipient, the params and the reference. c may
// be nil before a call.
func secretsOf(cred credentials, c *call, to sms.Phone, params map[string]string, reference string) secrets {
	s := make(secrets, 0, 16)
	s.AddCredential(cred.id)
	s.AddCredential(cred.key)
	if c != nil {
		if _, sig, ok := strings.Cut(c.auth, "Signature="); ok {
			s.AddCredential(sig)
		}
	}
	s.AddMessage(to.E164(), to.National, params, reference)
	return s
}

// safeProviderMessage returns Tencent's message, cut, if it shows nothing
// of the call and nothing like a number or a query; "" otherwise.
func safeProviderMessage(msg string, sec secrets) string {
	return sec.ProviderMessage(msg, maxProviderMessage)
}

// isRequestID reports whether id has the form of Tencent's request ids, a
// UUID in lower-case hex: "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6".
func isRequestID(id string) bool {
	if len(id) != 36 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
				return false
			}
		}
	}
	return true
}

// safeRequestID returns id if it has the form of Tencent's request ids and
// shows nothing of the call, "" otherwise.
func safeRequestID(id string, sec secrets) string {
	if !isRequestID(id) || sec.InID(id, redact.MinNumberFragment) {
		return ""
	}
	return id
}

// serialPattern is the form of Tencent's SerialNo, the message id:
// digits, with ":" and "-" between groups ("2640:430216525916383830800000000").
var serialPattern = regexp.MustCompile(`^[0-9][0-9:-]{0,63}$`)

// safeSerialNo returns id if it has the form of a SerialNo and is not the
// recipient's whole number; "" otherwise.
func safeSerialNo(id string, sec secrets) string {
	if !serialPattern.MatchString(id) || sec.InID(id, redact.WholeNumbers) {
		return ""
	}
	return id
}

// codePattern is the form of an error code: letters, digits, "." and "_".
var codePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._]{0,63}$`)

// safeCode returns code if it is in the table, or has the form of a code
// and shows nothing of the call and no number; "" otherwise.
func safeCode(code string, sec secrets) string {
	if _, known := classes[code]; known || code == codeOK {
		return code
	}
	if !codePattern.MatchString(code) || sec.In(code) || redact.HasNumber(code) {
		return ""
	}
	return code
}

// sanitize returns err as redact.Error lets it through.
func sanitize(err error, sec secrets) error { return redact.Error(err, sec, errWithheld) }
