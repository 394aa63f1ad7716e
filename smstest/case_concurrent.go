package smstest

import (
	"context"
	"sync"

	"github.com/smskit/sms"
)

// The shape of the Concurrent case: Concurrency goroutines, released
// together, each send SendsPerGoroutine of the Samples one after another.
const (
	// Concurrency is the number of goroutines that send at once.
	Concurrency = 64
	// SendsPerGoroutine is the number of messages each goroutine sends.
	SendsPerGoroutine = 4
)

// testConcurrent: concurrent sends all succeed, each reaches the backend
// exactly once, and the MessageIDs are unique.
func testConcurrent(r reporter, h *Harness) {
	r.Helper()
	msgs := Samples(Concurrency * SendsPerGoroutine)
	for i := range msgs {
		msgs[i] = forHarness(h, msgs[i])
	}
	results := make([]sms.Result, len(msgs))
	errs := make([]error, len(msgs))
	changed := make([]string, len(msgs))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for g := range Concurrency {
		wg.Go(func() {
			<-start
			for k := range SendsPerGoroutine {
				i := g*SendsPerGoroutine + k
				results[i], changed[i], errs[i] = call(context.Background(), h, msgs[i])
			}
		})
	}
	close(start)
	wg.Wait()

	failed := newTally(r, "concurrent sends failed")
	emptyID := newTally(r, "concurrent sends returned an empty MessageID")
	dupID := newTally(r, "concurrent sends returned a MessageID already returned for another message")
	owner := make(map[string]int, len(msgs))
	for i, err := range errs {
		id := results[i].MessageID
		switch j, seen := owner[id]; {
		case err != nil:
			failed.add("message %d: %v", i, err)
		case id == "":
			emptyID.add("message %d", i)
		case seen:
			dupID.add("messages %d and %d got the same MessageID %q", j, i, id)
		default:
			owner[id] = i
		}
	}
	failed.report()
	mutated := newTally(r, "concurrent sends changed the caller's Message.Params in place")
	for i, c := range changed {
		if c != "" {
			mutated.add("message %d: %s", i, c)
		}
	}
	mutated.report()
	emptyID.report()
	dupID.report()

	want := make(map[string]int, len(msgs))
	for i, m := range msgs {
		want[receivedKey(h, m)] = i
	}
	count := make(map[string]int, len(msgs))
	unexpected := 0
	for _, m := range h.Received() {
		k := receivedKey(h, m)
		if _, ok := want[k]; !ok {
			unexpected++
			continue
		}
		count[k]++
	}
	lost := newTally(r, "concurrently sent messages were lost: the backend never received them")
	dup := newTally(r, "concurrently sent messages reached the backend more than once")
	for i, m := range msgs {
		switch n := count[receivedKey(h, m)]; {
		case n == 0 && errs[i] == nil:
			lost.add("message %d (%s) was received 0 times", i, m)
		case n > 1:
			dup.add("message %d (%s) was received %d times", i, m, n)
		}
	}
	lost.report()
	dup.report()
	if unexpected > 0 {
		r.Errorf("the backend received %d message(s) that were never sent", unexpected)
	}
}
