//go:build race

package middleware_test

// raceEnabled is true when the tests run under the race detector, which
// multiplies memory and time: the million-key test is skipped then.
const raceEnabled = true
