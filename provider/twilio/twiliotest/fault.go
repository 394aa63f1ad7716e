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
// requests a function picks (SetFault).
type Fault struct {
	// Status is the HTTP status of an error answer, such as 500 or 429.
	// Zero with a non-zero Code means 400.
	Status int
	// Code is the Twilio error code of the answer. Zero with a non-zero
	// Status means 20000+Status, as Twilio's 20429, 20500 and 20503.
	Code int
	// Message is the error's text; empty means a standard text for Code.
	Message string
	// RetryAfter, when positive, sets the answer's Retry-After header, in
	// whole seconds.
	RetryAfter time.Duration
	// RawBody, when set, is the error answer's body verbatim, served as
	// text/html, as a proxy in front of Twilio might answer. Status zero
	// means 502.
	RawBody string
	// Drop closes the connection without an answer.
	Drop Drop
	// Stall, when set, is called just before the answer is written (after
	// the message is created, if it is) and the server waits for it to
	// return. Its ctx ends when the client goes away or the server closes.
	// Tests use it to hold a request in flight without sleeping.
	Stall func(ctx context.Context)
}

// answers reports whether f replaces the request's handling with an error
// answer.
func (f *Fault) answers() bool {
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
// kind, takes the first fault left in the queue. Queued faults come before
// the fault function.
func (s *Server) QueueFault(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faults...)
}

// SetFault makes fn choose the fault of each request the queue leaves
// alone: a nil result, or a nil fn, means no fault. Harness-style outages
// are SetFault(func(Request) *Fault { return &twiliotest.Fault{Status: 503} }).
func (s *Server) SetFault(fn func(Request) *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultFunc = fn
}

// nextFault counts the request and returns its fault, or nil.
func (s *Server) nextFault(r Request) *Fault {
	s.mu.Lock()
	s.requests++
	if len(s.faults) > 0 {
		f := s.faults[0]
		s.faults = s.faults[1:]
		s.mu.Unlock()
		return &f
	}
	fn := s.faultFunc
	s.mu.Unlock()
	if fn == nil {
		return nil
	}
	return fn(r)
}
