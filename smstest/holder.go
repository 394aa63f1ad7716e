package smstest

import (
	"context"
	"sync"
)

// Holder implements Harness.Hold for a backend: set Harness.Hold to its Hold
// method and call Wait where the backend receives a request (in an
// emulator's fault hook, for instance). Its zero value is ready to use and
// it is safe for concurrent use.
//
// Over an emulator, a harness can hold a request in its fault function and
// then fail it, so that nothing is accepted:
//
//	var hold smstest.Holder
//	srv.SetFaults(func(aliyuntest.Request) aliyuntest.Fault {
//		if hold.Wait(context.Background()) {
//			return aliyuntest.Fault{Kind: aliyuntest.FaultDropBeforeAccept}
//		}
//		return aliyuntest.Fault{}
//	})
//	h.Hold = hold.Hold
type Holder struct {
	mu   sync.Mutex
	next *heldRequest
}

// heldRequest is one armed hold.
type heldRequest struct {
	arrived, release chan struct{}
	once             sync.Once
}

func (r *heldRequest) free() { r.once.Do(func() { close(r.release) }) }

// Hold arms h: the next request that calls Wait is held until release is
// called. It has the shape of Harness.Hold. Arming again replaces a hold no
// request has taken yet.
func (h *Holder) Hold() (arrived <-chan struct{}, release func()) {
	r := &heldRequest{arrived: make(chan struct{}), release: make(chan struct{})}
	h.mu.Lock()
	h.next = r
	h.mu.Unlock()
	return r.arrived, r.free
}

// Wait holds the calling request if h is armed: it signals its arrival and
// returns when the hold is released or ctx ends. It reports whether it held
// the request. A held request whose client has gone away must not be
// accepted (see Harness.Hold): a backend that cannot tell should fail every
// request it held without accepting it. Unarmed, Wait returns false at once.
func (h *Holder) Wait(ctx context.Context) bool {
	h.mu.Lock()
	r := h.next
	h.next = nil
	h.mu.Unlock()
	if r == nil {
		return false
	}
	close(r.arrived)
	select {
	case <-r.release:
	case <-ctx.Done():
	}
	return true
}
