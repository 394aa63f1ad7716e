package aliyuntest

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/smskit/sms/internal/emufault"
)

// FaultKind says how a request misbehaves.
type FaultKind int

const (
	// FaultNone serves the request normally, after Fault.Delay and with
	// Fault.ResponseDelay if they are set.
	FaultNone FaultKind = iota
	// FaultLatency is FaultNone named for readability: wait Fault.Delay,
	// then serve normally.
	FaultLatency
	// FaultSystemError answers HTTP 500 (or Fault.Status if it is 5xx) with
	// isp.SYSTEM_ERROR, as a failing gateway does. Nothing is accepted.
	FaultSystemError
	// FaultThrottling answers HTTP 400 Throttling.User, "Request was denied
	// due to user flow control.". Nothing is accepted.
	FaultThrottling
	// FaultError answers with Fault.Code and Fault.Message and Fault.Status
	// (default 200, a business error; e.g. isv.AMOUNT_NOT_ENOUGH). A status
	// of 400 or more makes it a gateway error. Nothing is accepted.
	FaultError
	// FaultDropBeforeAccept closes the connection without processing the
	// request or answering. Nothing is accepted; the client sees a
	// transport error such as EOF.
	FaultDropBeforeAccept
	// FaultDropAfterAccept processes the request fully, so a valid send is
	// accepted and stored, then closes the connection instead of answering.
	// The client sees a transport error although the message was accepted:
	// the outcome it must treat as unknown.
	FaultDropAfterAccept
)

var faultNames = [...]string{"FaultNone", "FaultLatency", "FaultSystemError", "FaultThrottling", "FaultError", "FaultDropBeforeAccept", "FaultDropAfterAccept"}

// String returns the constant's name, e.g. "FaultThrottling".
func (k FaultKind) String() string {
	if k >= 0 && int(k) < len(faultNames) {
		return faultNames[k]
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// Fault describes how one request misbehaves. The zero Fault is no fault.
// Delays are real time, not the emulator's clock, because they exist to trip
// client timeouts; both end early when the request's context is canceled
// (the client went away or the Server closed), and then nothing more
// happens: no processing after Delay, no answer after ResponseDelay.
type Fault struct {
	// Kind is what goes wrong.
	Kind FaultKind
	// Action, if not empty, restricts a queued fault to requests for that
	// action, e.g. "SendSms"; other requests pass it by. A fault function
	// (SetFaults) ignores it.
	Action string
	// Hold, when set, is called as the request arrives, before anything
	// else, and the request waits for it to return; ctx ends when the
	// client goes away or the Server closes. If it has ended when Hold
	// returns, the request is dropped unprocessed: nothing is accepted.
	// Tests use it to hold a request in flight without sleeping.
	Hold func(ctx context.Context)
	// Delay is waited before the request is processed. A client that gives
	// up meanwhile has had nothing accepted.
	Delay time.Duration
	// ResponseDelay is waited after the request was processed (a valid send
	// accepted and stored) and before the answer is written. A client that
	// gives up meanwhile sees a timeout although the message was accepted.
	ResponseDelay time.Duration
	// Status is the HTTP status of FaultError, or of FaultSystemError when
	// it is 5xx (e.g. 503).
	Status int
	// Code and Message are the error of FaultError. An empty Message uses
	// Aliyun's message for a code the emulator knows.
	Code, Message string
}

// Request describes an arriving request to a fault function (SetFaults,
// Options.Faults).
type Request struct {
	// Seq numbers requests from 1 in order of arrival; Reset does not
	// restart it.
	Seq int64
	// Action is the Action parameter, possibly empty.
	Action string
	// Params holds every query and form parameter of the request (a copy),
	// e.g. Params.Get("PhoneNumbers").
	Params url.Values
}

// QueueFault appends faults to the queue. Each is one-shot: it applies to
// one request, the first to arrive that matches its Action, and queued
// faults are taken in order (FIFO). A request that matches no queued fault
// asks the fault function (SetFaults). Faults are chosen when a request
// arrives, before authentication and validation, so a request that would be
// rejected still takes one. It is safe to call concurrently with requests.
func (e *Emulator) QueueFault(faults ...Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = append(e.faults, faults...)
}

// SetFaults makes choose pick the fault of every request that takes no
// queued fault; a zero Fault means none, a nil choose removes the function.
// It replaces Options.Faults. choose is called concurrently and must be safe
// for that. An outage until further notice:
//
//	srv.SetFaults(func(aliyuntest.Request) aliyuntest.Fault {
//		return aliyuntest.Fault{Kind: aliyuntest.FaultSystemError}
//	})
func (e *Emulator) SetFaults(choose func(Request) Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.chooseFault = choose
}

// ClearFaults ends every fault: it empties the queue and removes the fault
// function, whether set with SetFaults or Options.Faults.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
	e.chooseFault = nil
}

// PendingFaults returns how many queued faults remain.
func (e *Emulator) PendingFaults() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.faults)
}

// nextFault takes the fault for a request for action from the queue, under
// e.mu, and returns the fault function when the queue has none.
func (e *Emulator) nextFault(action string) (Fault, func(Request) Fault) {
	for i, f := range e.faults {
		if f.Action != "" && f.Action != action {
			continue
		}
		e.faults = append(e.faults[:i], e.faults[i+1:]...)
		return f, nil
	}
	return Fault{}, e.chooseFault
}

// wait sleeps for d of real time or until ctx is done, and reports whether
// the full time passed.
func wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// faultReply is the answer a fault replaces the normal response with, if any.
func faultReply(f Fault, action, requestID string) (reply, bool) {
	switch f.Kind {
	case FaultSystemError:
		status := http.StatusInternalServerError
		if f.Status >= 500 && f.Status <= 599 {
			status = f.Status
		}
		return errorReply(gatewayError(status, codeSystemError), action, requestID), true
	case FaultThrottling:
		return errorReply(gatewayError(http.StatusBadRequest, codeThrottlingUser), action, requestID), true
	case FaultError:
		err := &apiError{status: f.Status, code: f.Code, message: f.Message}
		if err.status == 0 {
			err.status = http.StatusOK
		}
		if err.code == "" {
			err.code = codeSystemError
		}
		if err.message == "" {
			err.message = messages[err.code]
		}
		return errorReply(err, action, requestID), true
	}
	return reply{}, false
}

// drop closes the client's connection without an answer: hijacked and closed
// over HTTP/1, stream reset through http.ErrAbortHandler otherwise.
func drop(w http.ResponseWriter) { emufault.Drop(w) }
