//go:build race

package sms

// The sizes of the phone tests under the race detector; see
// phone_norace_test.go.
const (
	floodSize = 100_000
)
