package main

import (
	"strings"
	"testing"
	"time"

	"github.com/smskit/sms/bulk"
	"github.com/stretchr/testify/assert"
)

func TestProgressPrinter(t *testing.T) {
	p := bulk.Progress{Accepted: 40, NotAccepted: 5, PossiblyAccepted: 5, Skipped: 50, Calls: 10, Total: 200, Elapsed: 10 * time.Second}
	var tty, plain strings.Builder
	newProgressPrinter(&tty, true).print(p)
	newProgressPrinter(&plain, false).print(p)
	assert.Equal(t, "\r\033[K[###############...............] 100/200 sent (40 accepted, 5 not, 5 possibly, 50 skipped), 5/s, 1 calls/s, ETA 20s", tty.String())
	assert.Equal(t, "progress: 100/200 sent (40 accepted, 5 not, 5 possibly, 50 skipped), 5/s, 1 calls/s, ETA 20s\n", plain.String())

	p.Done = true
	tty.Reset()
	plain.Reset()
	newProgressPrinter(&tty, true).print(p)
	newProgressPrinter(&plain, false).print(p)
	assert.True(t, strings.HasSuffix(tty.String(), "\n"), "the bar's last draw ends its line")
	assert.Empty(t, plain.String(), "the summary follows instead")
}
