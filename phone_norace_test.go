//go:build !race

package sms

// The sizes of the phone tests that run libphonenumber or the cache many
// times; phone_race_test.go has smaller ones for the race detector.
const (
	// floodSize is how many new numbers
	// TestPhoneCacheKeepsHotNumbersThroughFlood sends.
	floodSize = 400_000
)
