package twiliotest

import (
	"context"
	"net/url"
	"time"
)

// Drop says whether and when a faulted request's connection is closed
// without an answer.
type Drop int

const (
	// NoDrop answers the request.
	NoDrop Drop = iota
	// DropBeforeCreate closes the connection without creating the message,
	// as a server that failed before handling the request.
	DropBeforeCreate
	// DropAfterCreate handles the request, creating the message when it is
	// valid, then closes the connection without answering: the answer is
	// lost on the way back.
	DropAfterCreate
)

// Fault is a failure injected into one request (QueueFault) or into the
// requests a function picks (SetFaults). The zero Fault is no fault.
//
// Without Create, a Fault with Status, Code or RawBody answers in place of
// the server: the request is not handled and no message is created. With
// Create, the server handles the request first (creating the message when
// it is valid) and the Fault then changes the answer on its way back, as
// a proxy or gateway behind which Twilio did its work would. Examples:
//
//	Fault{Status: 429, RetryAfter: time.Second}           // Twilio's 20429
//	Fault{Status: 502, RawBody: GatewayPage}              // a gateway's HTML page, nothing created
//	Fault{Create: true, Status: 502, RawBody: GatewayPage} // the same after the message was created
//	Fault{Create: true, Status: 302, Location: "https://elsewhere/"} // a redirect carrying the created message's sid
//	Fault{Status: 307, Location: "https://elsewhere/"}    // a redirect before Twilio saw the request
type Fault struct {
	// Status is the HTTP status of the answer, such as 500, 429 or 302.
	// Without Create, zero with a non-zero Code means 400 and zero with a
	// RawBody means 502; with Create, zero keeps the handled answer's
	// status.
	Status int
	// Code is the Twilio error code of an error answer. Without Create,
	// zero with a non-zero Status means 20000+Status, as Twilio's 20429,
	// 20500 and 20503, unless RawBody or a 3xx Location is set.
	Code int
	// Message is the error's text; empty means a standard text for Code.
	Message string
	// RetryAfter, when positive, sets the answer's Retry-After header, in
	// whole seconds.
	RetryAfter time.Duration
	// RawBody, when set, is the answer's body verbatim, served as
	// text/html, as a proxy in front of Twilio might answer.
	RawBody string
	// Location, when set, is the answer's Location header, as in a
	// redirect. Twilio's API never redirects.
	Location string
	// Create handles the request before the fault applies: the message is
	// created when valid, and Status, Code or RawBody replace the handled
	// answer's status or body (without them, the handled body is kept, so
	// a 3xx Status answers with the created message and its sid).
	Create bool
	// Drop closes the connection without an answer.
	Drop Drop
	// Stall, when set, is called just before the answer is written (after
	// the message is created, if it is) and the server waits for it to
	// return. Its ctx ends when the client goes away or the server closes.
	// Tests use it to hold a request in flight without sleeping.
	Stall func(ctx context.Context)
}

// GatewayPage is the HTML page of a gateway in front of the API, for
// Fault.RawBody: not Twilio's answer, so it says nothing about whether
// Twilio accepted the request.
const GatewayPage = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"

// replaces reports whether f replaces the handled answer's status or body.
func (f *Fault) replaces() bool {
	return f.Status != 0 || f.Code != 0 || f.RawBody != ""
}

// Request describes a request to a fault function.
type Request struct {
	// Method is the HTTP method, such as "POST".
	Method string
	// Path is the URL path, such as "/2010-04-01/Accounts/AC…/Messages.json".
	Path string
	// Form holds the request's form parameters (To, From, Body, …).
	Form url.Values
}

// QueueFault appends faults to the queue: each of the next requests, of any
// kind, takes the first fault left in the queue (first in, first out).
// Queued faults come before the fault function.
func (s *Server) QueueFault(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faults...)
}

// SetFaults makes fn choose the fault of each request the queue leaves
// alone: the zero Fault, or a nil fn, means no fault. fn is called
// concurrently. Harness-style outages are
// SetFaults(func(twiliotest.Request) twiliotest.Fault { return twiliotest.Fault{Status: 503} }).
func (s *Server) SetFaults(fn func(Request) Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultFunc = fn
}

// ClearFaults empties the queue and removes the fault function.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.faultFunc = nil
}

// countRequest counts a request that takes no fault.
func (s *Server) countRequest() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
}

// nextFault counts the request and returns its fault, the zero Fault for
// none.
func (s *Server) nextFault(r Request) Fault {
	s.mu.Lock()
	s.requests++
	if len(s.faults) > 0 {
		f := s.faults[0]
		s.faults = s.faults[1:]
		s.mu.Unlock()
		return f
	}
	fn := s.faultFunc
	s.mu.Unlock()
	if fn == nil {
		return Fault{}
	}
	return fn(r)
}
