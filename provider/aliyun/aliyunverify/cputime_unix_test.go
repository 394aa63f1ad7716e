//go:build unix

package aliyunverify_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time, user and system, that this process has
// used so far: every goroutine's (the emulator's too), the runtime's and the
// garbage collector's.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
