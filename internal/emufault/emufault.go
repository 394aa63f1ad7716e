// Package emufault holds the fault machinery the provider emulators
// (alidayutest, tencenttest, aliyuntest) share: the choice of a request's
// fault, one-shot faults first in FIFO order and then a function (Queue),
// and the connection dropped without an answer (Drop). What a fault is and
// how it is answered stay each emulator's own.
//
// It is internal: its API may change with the emulators that use it.
package emufault

import (
	"net/http"
	"sync"
)

// Queue chooses the fault F of each request R: the one-shot faults queued
// by Add, first in, first out, and once they are used up, the function
// SetFunc set; the zero F means none. The zero Queue is empty and ready;
// it is safe for concurrent use.
type Queue[R, F any] struct {
	mu     sync.Mutex
	queued []F
	fn     func(R) F
}

// Add queues one-shot faults, used by the next requests in order, before
// any function.
func (q *Queue[R, F]) Add(faults ...F) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.queued = append(q.queued, faults...)
}

// SetFunc sets the function that picks the fault of each request once the
// queue is empty; nil removes it. It is called without a lock held, maybe
// concurrently.
func (q *Queue[R, F]) SetFunc(fn func(R) F) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.fn = fn
}

// Clear empties the queue and removes the function.
func (q *Queue[R, F]) Clear() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.queued, q.fn = nil, nil
}

// Next returns the fault of req: the first queued one, taken off the
// queue, or else the function's choice, or else the zero F.
func (q *Queue[R, F]) Next(req R) F {
	q.mu.Lock()
	if len(q.queued) > 0 {
		f := q.queued[0]
		q.queued = q.queued[1:]
		q.mu.Unlock()
		return f
	}
	fn := q.fn
	q.mu.Unlock()
	if fn == nil {
		var none F
		return none
	}
	return fn(req)
}

// Drop closes the client's connection without an answer: hijacked and
// closed over HTTP/1, the stream reset through http.ErrAbortHandler
// otherwise (it panics with it, as net/http expects).
func Drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
