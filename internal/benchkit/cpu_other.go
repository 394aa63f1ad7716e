//go:build !linux

package benchkit

import "time"

// threadCPU reports false: thread CPU time is read on Linux only.
func threadCPU() (time.Duration, bool) { return 0, false }
