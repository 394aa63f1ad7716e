// Package printsafe holds no code: its test prints every exported smskit
// type that holds a credential (an access key secret, an auth token, an
// HMAC key) with every fmt verb, and fails when any output shows the
// credential, whole or in fragments, in any encoding fmt uses.
//
// # The rule
//
// An exported type that holds a credential, directly or in any field (an
// Options type, a Sender, Verifier or Store), has:
//
//   - a value-receiver Format(f fmt.State, verb rune) that calls
//     redact.Print with a description without credentials, for every
//     verb, so that %d, %x or %q never make fmt print its fields (fmt
//     uses String only for %v, %s, %q, %x and %X, and on a value only
//     when String has a value receiver). A type holding a lock by value
//     (sync.Mutex, sync.Once, …) gets a pointer receiver instead, since a
//     value receiver copies the lock (vet copylocks); vet then reports any
//     print of such a value, and its table row is pointerOnly;
//   - String (and GoString returning String) describing it: the type name
//     and its non-secret settings (redact.Describe, redact.Setting), a
//     credential only as "hidden" (redact.IsSet; never its length, never a
//     fragment), ids masked as the provider's String methods already do;
//   - for a Sender, Verifier or Store: the credential kept only behind a
//     func value or in an object fmt cannot reach from a value of the
//     type (not in the options it keeps, not in a struct a field points
//     to: fmt prints a pointer to a struct whole with %s, %q, %x and %X
//     when it walks an unexported field, where it calls no method);
//   - a row in the table of printsafe_test.go, with every credential field
//     set to the test's secret.
//
// Options types hold their credentials in plain exported fields: an
// Options kept by value in another struct's unexported field is printed
// field by field, and no method can prevent it.
package printsafe
