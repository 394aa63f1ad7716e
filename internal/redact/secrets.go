package redact

import (
	"net/url"
	"strconv"
	"strings"
)

// The thresholds of the redaction rule (see the package documentation).
const (
	// MinNumberDigits is the number of digits from which any written
	// number is redacted, known or not.
	MinNumberDigits = 7
	// MinNumberFragment is the length, in digits, of the shortest stretch
	// of a known number that is redacted.
	MinNumberFragment = 4
	// MinCredentialFragment is the length, in bytes, of the shortest
	// fragment of a credential that is redacted.
	MinCredentialFragment = 6
	// MinValueBytes is the length, in bytes of UTF-8, of the shortest value
	// that is matched.
	MinValueBytes = 4
	// MinCodeDigits and MaxCodeDigits bound the values that are matched as
	// codes: digits anywhere in a number, separators allowed.
	MinCodeDigits = 4
	MaxCodeDigits = 8
	// MaxSeparators is the most separator characters allowed between two
	// digits of one written number.
	MaxSeparators = 2
)

// Kind says how a Secret is matched.
type Kind uint8

// The kinds of secrets.
const (
	// Value is matched whole: a template param, a body, a reference.
	Value Kind = iota
	// Credential is matched by any fragment of MinCredentialFragment bytes,
	// ignoring ASCII case.
	Credential
	// Number is matched by any MinNumberFragment digits of it; Text holds
	// its digits.
	Number
	// Code is matched as digits anywhere in a written number; Text holds
	// its digits.
	Code
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case Value:
		return "value"
	case Credential:
		return "credential"
	case Number:
		return "number"
	case Code:
		return "code"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Secret is one thing that must not be shown, and how to find it.
type Secret struct {
	// Kind says how Text is matched.
	Kind Kind
	// Text is the secret in one of its written forms.
	Text string
}

// String names the secret's kind and length, never its text.
func (s Secret) String() string {
	return "redact.Secret(" + s.Kind.String() + ", " + strconv.Itoa(len(s.Text)) + " bytes)"
}

// GoString is String: %#v must not print the text either.
func (s Secret) GoString() string { return s.String() }

// Secrets lists what must never reach an error or a log line of one call.
// The Add methods record each secret in the forms requests and strings to
// sign quote it (URL-encoded once and twice, with "+" or "%20" for a
// space); numbers and codes are kept as digits, since they are matched in
// any written form.
type Secrets []Secret

// String counts the secrets and never prints them.
func (s Secrets) String() string { return "redact.Secrets(" + strconv.Itoa(len(s)) + " entries)" }

// GoString is String: %#v must not print the secrets either.
func (s Secrets) GoString() string { return s.String() }

// AddCredential records a credential: an access key id or secret, an auth
// token, a request signature, an Authorization header value. An empty v is
// ignored.
func (s *Secrets) AddCredential(v string) { s.addForms(Credential, v) }

// AddNumber records a phone number in any form ("+86 138 0013 8000",
// "8613800138000"): its digits, of any script. A number of fewer than
// MinNumberFragment digits is ignored.
func (s *Secrets) AddNumber(v string) {
	if d := digitsOf(v); len(d) >= MinNumberFragment {
		s.add(Number, d)
	}
}

// AddValue records a template param, a body or a reference. A value of
// MinCodeDigits to MaxCodeDigits ASCII digits is recorded as a Code; any
// other value shorter than MinValueBytes is ignored.
func (s *Secrets) AddValue(v string) {
	if isCode(v) {
		s.add(Code, v)
		return
	}
	if len(v) < MinValueBytes {
		return
	}
	s.addForms(Value, v)
}

// Add records v as the kind it looks like: an optional '+' and at least
// MinNumberDigits ASCII digits is a number; 16 or more bytes of the base64
// and hex alphabets ([A-Za-z0-9+/=_-]) with a letter and a digit is a
// credential; anything else is a value (see AddValue). Callers that know
// the kind should say it with AddNumber, AddCredential or AddValue.
func (s *Secrets) Add(v string) {
	switch {
	case v == "":
	case looksLikeNumber(v):
		s.AddNumber(v)
	case looksLikeCredential(v):
		s.AddCredential(v)
	default:
		s.AddValue(v)
	}
}

// add appends a secret unless it is empty or already listed.
func (s *Secrets) add(k Kind, text string) {
	if text == "" {
		return
	}
	for _, x := range *s {
		if x.Kind == k && x.Text == text {
			return
		}
	}
	*s = append(*s, Secret{Kind: k, Text: text})
}

// addForms records v of kind k and the forms requests and strings to sign
// quote it in: URL-encoded once (query and path escaping) and twice, and
// with "%20" for a space. A v of unreserved bytes only (letters, digits,
// '-', '_', '.', '~': most access keys) is every one of its forms, so it
// is recorded once without encoding it.
func (s *Secrets) addForms(k Kind, v string) {
	if v == "" {
		return
	}
	s.add(k, v)
	if unreserved(v) {
		return
	}
	once := url.QueryEscape(v)
	s.add(k, once)
	s.add(k, url.PathEscape(v))
	s.add(k, url.QueryEscape(once))
	s.add(k, strings.ReplaceAll(once, "+", "%20"))
}

// unreserved reports whether every byte of v is one that URL encoding
// leaves as it is, in queries and in paths: an ASCII letter or digit, '-',
// '_', '.' or '~'.
func unreserved(v string) bool {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '~':
		default:
			return false
		}
	}
	return true
}

// looksLikeNumber reports whether v is an optional '+' and at least
// MinNumberDigits ASCII digits.
func looksLikeNumber(v string) bool {
	d := strings.TrimPrefix(v, "+")
	return len(d) >= MinNumberDigits && allASCIIDigits(d)
}

// looksLikeCredential reports whether v is at least 16 bytes of
// [A-Za-z0-9+/=_-] with at least one letter and one digit.
func looksLikeCredential(v string) bool {
	if len(v) < 16 {
		return false
	}
	var letter, digit bool
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			letter = true
		case c == '+', c == '/', c == '=', c == '_', c == '-':
		default:
			return false
		}
	}
	return letter && digit
}

// isCode reports whether v is MinCodeDigits to MaxCodeDigits ASCII digits.
func isCode(v string) bool {
	return len(v) >= MinCodeDigits && len(v) <= MaxCodeDigits && allASCIIDigits(v)
}

func allASCIIDigits(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return v != ""
}

// digitsOf returns the digits of v, of any script, as ASCII digits: v
// itself when it is ASCII digits only.
func digitsOf(v string) string {
	if allASCIIDigits(v) {
		return v
	}
	var b strings.Builder
	for _, r := range v {
		if d, ok := digitValue(r); ok {
			b.WriteByte('0' + d)
		}
	}
	return b.String()
}
