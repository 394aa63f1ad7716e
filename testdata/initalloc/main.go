// Command initalloc imports only the root package and prints how much the
// program allocated before main: run it with GODEBUG=inittrace=1 to see the
// share of each package's init (TestInitAllocation does).
package main

import (
	"fmt"
	"runtime"

	_ "github.com/smskit/sms"
)

func main() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("total %d bytes %d allocs\n", m.TotalAlloc, m.Mallocs)
}
