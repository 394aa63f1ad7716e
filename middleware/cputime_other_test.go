//go:build !linux

package middleware_test

import "time"

// threadCPU reports no thread CPU time outside Linux: the benchmarks then
// report wall time only.
func threadCPU() (time.Duration, bool) { return 0, false }
