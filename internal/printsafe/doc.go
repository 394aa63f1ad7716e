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
//     when String has a value receiver); a type holding a sync.Mutex
//     by value cannot have a value receiver (vet copylocks): keep the lock
//     behind a pointer instead;
//   - String (and GoString returning String) describing it: the type name
//     and its non-secret settings, a credential only as "hidden" (never its
//     length, never a fragment), ids masked as the provider's String
//     methods already do;
//   - a row in the table of printsafe_test.go, with every credential field
//     set to the test's secret.
package printsafe
