package redact

import (
	"fmt"
	"io"
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
