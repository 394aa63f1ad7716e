package aliyun

import (
	"context"
	"errors"
	"fmt"
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
//     shows nothing of the call.
//   - A RequestId only if it has the form of Aliyun's request ids (a UUID in
//     upper-case hex, "F655A8D5-B967-440B-8683-DAD6FF8DE990") and shows
//     nothing of the call.
//   - Aliyun's Message, from the answer's Message field only, cut to
//     maxProviderMessage characters, and only if it shows nothing of the
//     call and holds nothing that looks like a phone number (seven digits or
//     more, in any script, with or without separators) or a query string.
//   - Never an excerpt of the answer's body (the SDK's JSON-decoding errors
//     quote 50 bytes either side of the problem, its server errors the whole
//     body): such errors are replaced by the package's own text.
//
// "Shows something of the call" means: six bytes in a row of a credential
// or of the request's signature (in any letter case), four digits in a row
// of the recipient's number (counted across separators such as spaces and
// dashes, and in any script), or a whole param value of four bytes or more.

// minCredentialFragment is the shortest piece of a credential that must not
// show.
const minCredentialFragment = 6

// minNumberFragment is the shortest run of the recipient's digits that must
// not show.
const minNumberFragment = 4

// minNumberLength is the number of digits from which any digit sequence in a
// provider's message counts as a phone number.
const minNumberLength = 7

// secrets are what must never reach an error of one call. Building them
// costs a few allocations: they are checked against every answer, also a
// successful one (its RequestId and BizId).
type secrets struct {
	creds  []string // credentials and signature, lower-cased: no 6 bytes of one, in any case, may show
	raw    []string // the same, as they are
	digits string   // the recipient in E.164 without "+": no 4 digits of it in a row may show
	number []string // the recipient whole: E.164, without "+", national
	values []string // param values of 4 bytes or more: none may show whole
}

// secretsOf lists the secrets of one call: its credentials, signature,
// recipient and params. c may be nil before a call.
func secretsOf(c *call, to sms.Phone, params map[string]string) secrets {
	e164 := to.E164()
	s := secrets{digits: e164[1:]}
	if c != nil {
		s.creds = make([]string, 0, 4)
		s.raw = make([]string, 0, 4)
		for _, v := range []string{c.keyID, c.secret, c.token} {
			if v != "" {
				s.raw = append(s.raw, v)
			}
		}
		if c.url != nil {
			if sig := queryValue(c.url.RawQuery, "Signature"); sig != "" {
				s.raw = append(s.raw, sig)
			}
		}
		for _, v := range s.raw {
			s.creds = append(s.creds, strings.ToLower(v))
		}
	}
	if to.National != "" {
		s.number = []string{e164, s.digits, to.National}
	}
	for _, v := range params {
		if len(v) >= minValueLength {
			s.values = append(s.values, v)
		}
	}
	return s
}

// minValueLength is the shortest param value, in bytes, that must not show
// whole: shorter ones ("1", "ab") occur in any text. A code of four digits
// or more is caught as digits, and the number rules catch numbers.
const minValueLength = 4

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

// encoded returns the secrets as internal/redact records them, with their
// URL-encoded forms, which requests and strings to sign quote: for
// transport errors, which may quote them.
func (s secrets) encoded() redact.Secrets {
	var e redact.Secrets
	for _, v := range s.raw {
		e.AddCredential(v)
	}
	for _, v := range s.number {
		e.AddNumber(v)
	}
	for _, v := range s.values {
		e.AddValue(v)
	}
	return e
}

// shownIn reports whether text shows something of the call: a fragment of a
// credential, a run of the recipient's digits, the whole recipient or a
// whole param value.
func (s secrets) shownIn(text string) bool {
	return s.credentialIn(text) || s.numberIn(text)
}

// credentialIn reports whether text holds six bytes in a row of a
// credential in any case, the whole recipient or a whole param value.
func (s secrets) credentialIn(text string) bool {
	for _, v := range s.values {
		if strings.Contains(text, v) {
			return true
		}
	}
	return s.idShows(text)
}

// idShows reports whether text, a long id of digits such as a BizId, holds
// six bytes of a credential or the whole recipient: not param values or
// four digits of the number, which such an id holds by chance.
func (s secrets) idShows(text string) bool {
	for _, n := range s.number {
		if strings.Contains(text, n) {
			return true
		}
	}
	if len(s.creds) == 0 {
		return false
	}
	lower := strings.ToLower(text)
	for _, c := range s.creds {
		if len(c) < minCredentialFragment {
			if strings.Contains(lower, c) {
				return true
			}
			continue
		}
		for i := 0; i+minCredentialFragment <= len(c); i++ {
			if strings.Contains(lower, c[i:i+minCredentialFragment]) {
				return true
			}
		}
	}
	return false
}

// numberIn reports whether text holds four digits in a row of the
// recipient's number, counted across separators.
func (s secrets) numberIn(text string) bool {
	if len(s.digits) < minNumberFragment {
		return false
	}
	found := false
	digitSequences(text, func(seq []byte) bool {
		for i := 0; i+minNumberFragment <= len(seq); i++ {
			if strings.Contains(s.digits, string(seq[i:i+minNumberFragment])) {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// looksLikeNumber reports whether text holds a sequence of seven digits or
// more, counted across separators: a phone number in any written form
// ("+86 139 1234 5678", "139-1234-5678", full-width digits).
func looksLikeNumber(text string) bool {
	found := false
	digitSequences(text, func(seq []byte) bool {
		found = len(seq) >= minNumberLength
		return !found
	})
	return found
}

// digitSequences calls visit with each sequence of digits in text, as ASCII
// digits: digits of any script, joined across at most two separators in a
// row (spaces, "-", ".", ",", "/", "(", ")", "+", "_" and dashes), as phone
// numbers are written. It stops when visit returns false.
func digitSequences(text string, visit func(seq []byte) bool) {
	var seq []byte
	gap := 0
	for _, r := range text {
		switch {
		case unicode.IsDigit(r):
			seq = append(seq, '0'+byte(digitValue(r)))
			gap = 0
			continue
		case len(seq) > 0 && gap < 2 && isNumberSeparator(r):
			gap++
			continue
		}
		if len(seq) > 0 && !visit(seq) {
			return
		}
		seq, gap = seq[:0], 0
	}
	if len(seq) > 0 {
		visit(seq)
	}
}

// isNumberSeparator reports whether r may separate the digits of a written
// phone number.
func isNumberSeparator(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("-.,/()+_\u2010\u2011\u2012\u2013\u2014\u2212\u30fc\uff0d", r)
}

// digitValue returns the value of r, a decimal digit of any script. Unicode
// encodes every script's digits 0 to 9 as runs of ten, some of them
// adjacent, starting at the first digit of the first run.
func digitValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	start := r
	for start > 0 && unicode.IsDigit(start-1) {
		start--
	}
	return int(r-start) % 10
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
	if utf8.RuneCountInString(msg) > maxProviderMessage {
		msg = string([]rune(msg)[:maxProviderMessage]) + "…"
	}
	if strings.ContainsAny(msg, "&%=") || strings.ContainsFunc(msg, unicode.IsControl) ||
		looksLikeNumber(msg) || sec.shownIn(msg) {
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
// shows nothing of the call, and "" otherwise. (A random id happens to hold
// four digits of the recipient in a row about once in 500 answers; it is
// then dropped too.)
func safeRequestID(id string, sec secrets) string {
	if !isRequestID(id) || sec.shownIn(id) {
		return ""
	}
	return id
}

// codePattern is the form of an error code: letters, digits, "." and "_".
var codePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._]{0,63}$`)

// safeCode returns code if it is in the table, or has the form of a code
// and shows nothing of the call; "" otherwise.
func safeCode(code string, sec secrets) string {
	if _, known := classes[code]; known || code == "OK" {
		return code
	}
	if !codePattern.MatchString(code) || looksLikeNumber(code) || sec.shownIn(code) {
		return ""
	}
	return code
}

// errWithheld stands for a transport error whose text held request data.
var errWithheld = errors.New("aliyun: transport error (details withheld: they held request data)")

// sanitize returns a transport error safe to wrap in an *sms.Error: a
// *url.Error keeps its operation (and so its Timeout) but shows the URL's
// scheme and host only, and an error any link of whose chain shows
// something of the call (a fragment of a credential, a run of the
// recipient's digits, a param value, seven digits in a row) is replaced by
// its context error or errWithheld.
func sanitize(err error, sec secrets) error {
	return sanitizeWith(err, sec, sec.encoded())
}

// sanitizeWith is sanitize with the secrets' encoded forms.
func sanitizeWith(err error, sec secrets, encoded redact.Secrets) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return &url.Error{Op: ue.Op, URL: redact.URL(ue.URL), Err: sanitizeWith(ue.Err, sec, encoded)}
	}
	if !chainShows(err, sec, encoded) {
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

// pointerAddress matches the addresses %#v prints, which say nothing of a
// call and may hold any run of digits.
var pointerAddress = regexp.MustCompile(`0x[0-9a-f]+`)

// chainShows reports whether any link of err's chain shows something of the
// call (also URL-encoded) or seven digits in a row as its Error(), %v or
// %+v, or a credential or param value as its %#v (whose pointer addresses
// may hold digit runs).
// (Seven digits with separators are not counted here, unlike in Aliyun's
// messages: transport errors quote IP addresses.)
func chainShows(err error, sec secrets, encoded redact.Secrets) bool {
	if err == nil {
		return false
	}
	for _, text := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err)} {
		if sec.shownIn(text) || encoded.In(text) || redact.LongDigitRun(text, minNumberLength) {
			return true
		}
	}
	if goText := pointerAddress.ReplaceAllString(fmt.Sprintf("%#v", err), "0x"); sec.credentialIn(goText) || encoded.In(goText) {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return chainShows(u.Unwrap(), sec, encoded)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if chainShows(e, sec, encoded) {
				return true
			}
		}
	}
	return false
}
