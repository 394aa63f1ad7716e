//go:build !linux

package otelsms_test

import "time"

// threadCPU cannot tell the thread's CPU time on this system.
func threadCPU() (time.Duration, bool) { return 0, false }
