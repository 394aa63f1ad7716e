package sms

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInitAllocation builds and runs testdata/initalloc, a program that
// imports only this package, with GODEBUG=inittrace=1, and bounds what this
// package's init allocates: nothing for the phone cache or the fast paths,
// which are made on first use (it was 2.6 MB for the cache alone).
func TestInitAllocation(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	cmd := exec.Command(goTool, "run", "./testdata/initalloc")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	line := regexp.MustCompile(`init github\.com/smskit/sms @\S+ ms, \S+ ms clock, (\d+) bytes, (\d+) allocs`).FindSubmatch(out)
	require.NotNil(t, line, "no inittrace line for the package in:\n%s", out)
	bytes, _ := strconv.Atoi(string(line[1]))
	allocs, _ := strconv.Atoi(string(line[2]))
	total := regexp.MustCompile(`total (\d+) bytes (\d+) allocs`).FindSubmatch(out)
	require.NotNil(t, total, "%s", out)
	t.Logf("package init: %d bytes in %d allocations; whole program before main: %s bytes in %s allocations", bytes, allocs, total[1], total[2])
	assert.LessOrEqual(t, bytes, 1024, "the package's init allocates next to nothing")
}
