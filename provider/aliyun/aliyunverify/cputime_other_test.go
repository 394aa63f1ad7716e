//go:build !unix

package aliyunverify_test

import "time"

// processCPU is not measured on this system: CPU metrics read 0.
func processCPU() time.Duration { return 0 }
