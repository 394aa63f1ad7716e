package smstest

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
)

// recorder is a reporter that records instead of failing a real test, so the
// suite's tests can check that a case fails (or skips) and why.
type recorder struct {
	mu       sync.Mutex
	failures []string
	fatal    bool
	skipped  string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.mu.Lock()
	r.fatal = true
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Skip(args ...any) {
	r.mu.Lock()
	r.skipped = fmt.Sprint(args...)
	r.mu.Unlock()
	runtime.Goexit()
}

// text returns every recorded failure, one a line.
func (r *recorder) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.failures, "\n")
}

// runRecorded runs the case named name against h and records the outcome.
// It runs the case on its own goroutine so that Fatalf and Skip can end it.
func runRecorded(name string, h *Harness) *recorder {
	r := &recorder{}
	c := caseNamed(name)
	done := make(chan struct{})
	go func() {
		defer close(done)
		runCase(r, c, h)
	}()
	<-done
	return r
}

func caseNamed(name string) testCase {
	for _, c := range cases {
		if c.name == name {
			return c
		}
	}
	panic("smstest: no case " + name)
}
