//go:build race

package sms

// The sizes of the phone tests under the race detector, which makes
// libphonenumber's regular expressions some fifty times slower; see
// phone_norace_test.go.
const (
	differentialInputs          = 32_768
	differentialStartsBothForms = false
	differentialStrippableEvery = 5
	prefixContinuations         = 3
	floodSize                   = 100_000
)
