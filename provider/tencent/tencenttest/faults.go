package tencenttest

import (
	"context"
	"net/http"

	"github.com/smskit/sms/internal/emufault"
)

// Fault is a failure the emulator acts out for one request that passed the
// signature check. The zero Fault is none.
type Fault struct {
	// Code, when set, is answered as the request's Error (HTTP 200), or,
	// with PerNumber, as the Code of every number's SendStatusSet entry.
	Code string
	// Message goes with Code; empty means a generic message.
	Message string
	// PerNumber answers Code inside SendStatusSet (SendSms only), as
	// Tencent answers per-number failures.
	PerNumber bool
	// Status, when set, answers this HTTP status with Body instead of
	// Tencent's JSON.
	Status int
	// Body is the raw body answered with Status.
	Body string
	// Drop closes the connection without an answer.
	Drop bool
	// Accept handles the request first (a SendSms is accepted, if it
	// passes its checks) and then acts out the fault: an answer lost or
	// wrong after the message was taken.
	Accept bool
	// Hold, when set, is called with the request's context before anything
	// else; when it returns after the client has gone away, the request is
	// dropped and nothing is accepted.
	Hold func(ctx context.Context)
}

// answers reports whether f changes the answer.
func (f Fault) answers() bool { return f.Code != "" || f.Status != 0 || f.Drop }

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

// writeFault acts out f as the answer to a request with id rid; send is
// the request's SendSms body, if any.
func (s *Server) writeFault(w http.ResponseWriter, rid string, f Fault, send sendRequest) {
	switch {
	case f.Drop:
		emufault.Drop(w)
	case f.Status != 0:
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(f.Body))
	case f.PerNumber && len(send.PhoneNumberSet) > 0:
		set := make([]map[string]any, len(send.PhoneNumberSet))
		for i, n := range send.PhoneNumberSet {
			set[i] = statusEntry("", n, send.SessionContext, f.Code, f.message())
		}
		writeJSON(w, rid, map[string]any{"SendStatusSet": set})
	default:
		writeError(w, rid, f.Code, f.message())
	}
}

// message is f's message, or a generic one.
func (f Fault) message() string {
	if f.Message != "" {
		return f.Message
	}
	return "emulated fault"
}
