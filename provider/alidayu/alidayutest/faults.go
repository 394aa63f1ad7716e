package alidayutest

import (
	"context"
	"net/http"

	"github.com/smskit/sms/internal/emufault"
)

// Fault is a failure the emulator acts out for one request that passed the
// signature check. The zero Fault is none.
type Fault struct {
	// Code, when set, is answered as error_response's code (15 when only
	// SubCode is set), such as 7 (App Call Limited).
	Code int
	// SubCode, when set, is answered as error_response's sub_code, such as
	// "isp.SYSTEM_ERROR" or "isv.BUSINESS_LIMIT_CONTROL".
	SubCode string
	// Message goes with Code and SubCode as sub_msg; empty means a generic
	// message.
	Message string
	// Status, when set, answers this HTTP status with Body instead of the
	// gateway's JSON.
	Status int
	// Body is the raw body answered with Status.
	Body string
	// Drop closes the connection without an answer.
	Drop bool
	// Accept handles the request first (the message is accepted, if it
	// passes its checks) and then acts out the fault: an answer lost or
	// wrong after the message was taken.
	Accept bool
	// Hold, when set, is called with the request's context before anything
	// else; when it returns after the client has gone away, the request is
	// dropped and nothing is accepted.
	Hold func(ctx context.Context)
}

// answers reports whether f changes the answer.
func (f Fault) answers() bool { return f.Code != 0 || f.SubCode != "" || f.Status != 0 || f.Drop }

// QueueFault queues one-shot faults, used by the next requests in order
// (FIFO), before any SetFaults function.
func (s *Server) QueueFault(faults ...Fault) {
	s.faults.Add(faults...)
}

// SetFaults sets a function that picks the fault of each request once the
// queue is empty; a zero Fault is none. nil removes it.
func (s *Server) SetFaults(fn func(Request) Fault) {
	s.faults.SetFunc(fn)
}

// ClearFaults empties the queue and removes the SetFaults function.
func (s *Server) ClearFaults() {
	s.faults.Clear()
}

// nextFault returns the fault for req.
func (s *Server) nextFault(req Request) Fault {
	return s.faults.Next(req)
}

// writeFault acts out f as the answer to a request with id rid.
func writeFault(w http.ResponseWriter, rid string, f Fault) {
	switch {
	case f.Drop:
		emufault.Drop(w)
	case f.Status != 0:
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(f.Body))
	default:
		code := f.Code
		if code == 0 {
			code = CodeRemoteServiceError
		}
		msg := f.Message
		if msg == "" {
			msg = "emulated fault"
		}
		writeError(w, rid, code, f.SubCode, msg)
	}
}
