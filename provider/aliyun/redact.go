package aliyun

import (
	"errors"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// The redaction rule is positive: an error carries only fields this package
// chose, each checked before it is quoted.
//
//   - Aliyun's Code: a code of the table as it is; any other only if it has
//     the form of a code (letters, digits, "." and "_", at most 64) and
//     shows nothing of the call and no number.
//   - A RequestId only if it has the form of Aliyun's request ids (a UUID in
//     upper-case hex, "F655A8D5-B967-440B-8683-DAD6FF8DE990") and shows
//     nothing of the call (redact.Secrets.InID, four digits of the number
//     counting).
//   - Aliyun's Message, from the answer's Message field only, cut to
//     maxProviderMessage characters, and only if it shows nothing of the
//     call and holds nothing that looks like a phone number (seven digits or
//     more, in any script, with or without separators) or a query string.
//   - Never an excerpt of the answer's body (the SDK's JSON-decoding errors
//     quote 50 bytes either side of the problem, its server errors the whole
//     body): such errors are replaced by the package's own text.
//   - A transport error as redact.Error lets it through.
//
// "Shows something of the call" is internal/redact's rule: six bytes in a
// row of a credential or of the request's signature (in any letter case and
// URL encoding), four digits in a row of the recipient's number (counted
// across separators such as spaces and dashes, and in any script), a whole
// param value of four bytes or more, or a verification code.

// secrets lists what must never reach an error of one call: its
// credentials, the request's signature, the recipient and the param values.
// Building them costs a few allocations: they are checked against every
// answer, also a successful one (its RequestId and BizId).
type secrets = redact.Secrets

// secretsOf lists the secrets of one call: its credentials, signature,
// recipient and params. c may be nil before a call.
func secretsOf(c *call, to sms.Phone, params map[string]string) secrets {
	return callSecrets{c: c, to: to, params: params}.list()
}

// queryValue returns the value of the parameter name in a raw query,
// unescaped, or "".
func queryValue(rawQuery, name string) string {
	for rawQuery != "" {
		var pair string
		pair, rawQuery, _ = strings.Cut(rawQuery, "&")
		if k, v, ok := strings.Cut(pair, "="); ok && k == name {
			if u, err := url.QueryUnescape(v); err == nil {
				return u
			}
			return v
		}
	}
	return ""
}

// shows reports whether text shows something of the call or holds a
// written number of redact.MinNumberDigits digits or more, an IPv4 address
// too: Aliyun's codes and messages have no business quoting one.
func shows(text string, sec secrets) bool {
	return sec.In(text) || redact.LongDigitRun(text, redact.MinNumberDigits)
}

// maxProviderMessage caps the length of Aliyun's message quoted in an error.
const maxProviderMessage = 200

// safeProviderMessage returns Aliyun's message for an error if the rule lets
// it through: cut to maxProviderMessage characters, it shows nothing of the
// call, nothing like a phone number and nothing like a query string (a
// string to sign). Otherwise it returns "".
func safeProviderMessage(msg string, sec secrets) string {
	msg = strings.TrimSpace(msg)
	if msg == "" || !utf8.ValidString(msg) {
		return ""
	}
	msg = redact.Truncate(msg, maxProviderMessage)
	if strings.ContainsAny(msg, "&%=") || strings.ContainsFunc(msg, unicode.IsControl) || shows(msg, sec) {
		return ""
	}
	return msg
}

// isRequestID reports whether id has the form of Aliyun's request ids, a
// UUID in upper-case hex: "F655A8D5-B967-440B-8683-DAD6FF8DE990". (By hand:
// a regular expression costs a few percent of a send.)
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
			if (c < '0' || c > '9') && (c < 'A' || c > 'F') {
				return false
			}
		}
	}
	return true
}

// safeRequestID returns id if it has the form of Aliyun's request ids and
// shows nothing of the call, four digits of the recipient's number in a row
// counting, and "" otherwise. (A random id happens to hold four digits of
// the recipient in a row about once in 500 answers; it is then dropped too.)
func safeRequestID[S idSecrets](id string, sec S) string {
	if !isRequestID(id) || sec.InID(id, redact.MinNumberFragment) {
		return ""
	}
	return id
}

// idSecrets checks ids against the secrets of a call: secrets, or an
// idCheck.
type idSecrets interface {
	InID(id string, minDigits int) bool
}

// codePattern is the form of an error code: letters, digits, "." and "_".
var codePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._]{0,63}$`)

// safeCode returns code if it is in the table, or has the form of a code
// and shows nothing of the call and no number; "" otherwise.
func safeCode(code string, sec secrets) string {
	if _, known := classes[code]; known || code == "OK" {
		return code
	}
	if !codePattern.MatchString(code) || shows(code, sec) {
		return ""
	}
	return code
}

// errWithheld stands for a transport error whose text held request data.
var errWithheld = errors.New("aliyun: transport error (details withheld: they held request data)")

// sanitize returns a transport error safe to wrap in an *sms.Error (see
// redact.Error): a *url.Error keeps its operation (and so its Timeout) but
// shows the URL's scheme and host only, and an error any link of whose
// chain shows something of the call is replaced by its context error or
// errWithheld.
func sanitize(err error, sec secrets) error { return redact.Error(err, sec, errWithheld) }
