package smstest

import (
	"fmt"
	"strings"
)

// maxReports caps how many failures of one kind a case reports one by one.
const maxReports = 5

// tally reports the first few failures of one kind, then how many in all.
type tally struct {
	r     reporter
	what  string
	n     int
	first []string
}

func newTally(r reporter, what string) *tally { return &tally{r: r, what: what} }

func (t *tally) add(format string, args ...any) {
	t.n++
	if len(t.first) < maxReports {
		t.first = append(t.first, fmt.Sprintf(format, args...))
	}
}

func (t *tally) report() {
	t.r.Helper()
	if t.n == 0 {
		return
	}
	t.r.Errorf("%d %s; the first: %s", t.n, t.what, strings.Join(t.first, "; "))
}
