package verifytest

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/smskit/sms/verify"
)

// recorder is a reporter that records instead of failing a real test, so
// the suite's tests can check that a case fails (or skips) and why.
type recorder struct {
	mu       sync.Mutex
	failures []string
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
	runtime.Goexit()
}

func (r *recorder) Skip(args ...any) {
	r.mu.Lock()
	r.skipped = fmt.Sprint(args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.failures, "\n")
}

// recorded runs f on its own goroutine, so that Fatalf and Skip can end it.
func recorded(f func(r reporter)) *recorder {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

func runRecorded(name string, b Backend) *recorder {
	for _, c := range cases {
		if c.name == name {
			return recorded(func(r reporter) { runCase(r, c, &b) })
		}
	}
	panic("verifytest: no case " + name)
}

func runStoreRecorded(name string, s verify.Store) *recorder {
	for _, c := range storeCases {
		if c.name == name {
			return recorded(func(r reporter) { c.run(r, s) })
		}
	}
	panic("verifytest: no store case " + name)
}
