//go:build !race

package sms

// The sizes of the phone tests that run libphonenumber or the cache many
// times; phone_race_test.go has smaller ones for the race detector.
const (
	// differentialInputs is how many pseudo-random inputs
	// TestParsePhoneDifferential draws.
	differentialInputs = 2_000_000
	// differentialStartsBothForms: TestParsePhoneDifferential checks every
	// mainland mobile start in both forms (else in one, alternately).
	differentialStartsBothForms = true
	// differentialStrippableEvery: TestParsePhoneDifferential tries every
	// n-th two digits after a strippable prefix.
	differentialStrippableEvery = 1
	// prefixContinuations is how many continuations of each five-digit
	// start TestMainlandMobilePrefixesMatchMetadata tries.
	prefixContinuations = 8
	// floodSize is how many new numbers
	// TestPhoneCacheKeepsHotNumbersThroughFlood sends.
	floodSize = 400_000
)
