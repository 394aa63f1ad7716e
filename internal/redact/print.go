package redact

import (
	"fmt"
	"io"
	"strings"
)

// Print writes description to f whatever the verb, flags, width and
// precision. Every exported type that holds a credential (an access key
// secret, an auth token, an HMAC key) has a value-receiver Format method
// that calls Print with a description without credentials, so that no
// verb (%v, %+v, %#v, %s, %q, %x, %X, %d, …) of the value, of a pointer to
// it, or of a struct or slice holding it in an exported place, makes fmt
// walk its fields. %T is answered by fmt itself and names the type only.
func Print(f fmt.State, description string) { _, _ = io.WriteString(f, description) }

// IsSet describes a secret field by whether it is set, never by its
// length or any part of it: "hidden" or "unset".
func IsSet(set bool) string {
	if set {
		return "hidden"
	}
	return "unset"
}

// Field is one non-secret setting shown by Describe.
type Field struct{ Name, Value string }

// maxDescribed bounds each value Describe quotes, as sms.MaxQuoteLength
// bounds the strings errors quote.
const maxDescribed = 64

// Describe returns `name{first, Name: "value", …}`: first (a description
// of the credentials, such as "AppSecret: hidden") and then each field
// whose Value is not empty, as Setting shows it. Callers pass no secret in
// fields.
func Describe(name, first string, fields ...Field) string {
	var b strings.Builder
	b.WriteString(name + "{" + first)
	for _, f := range fields {
		if f.Value != "" {
			b.WriteString(", " + f.Name + ": " + Setting(f.Value))
		}
	}
	b.WriteString("}")
	return b.String()
}

// Setting quotes and bounds a non-secret setting for a description; a URL
// with user info ("https://user:password@host") is withheld whole, since a
// password may sit in an Endpoint.
func Setting(v string) string {
	if i := strings.Index(v, "@"); i >= 0 && strings.Contains(v[:i], "://") {
		return "(withheld: holds user info)"
	}
	return Quote(v, maxDescribed)
}
