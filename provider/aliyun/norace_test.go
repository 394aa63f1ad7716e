//go:build !race

package aliyun_test

// raceEnabled is true when the tests run with -race.
const raceEnabled = false
