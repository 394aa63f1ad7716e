package wire

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync/atomic"
)

// Call carries one API call's context into twilio-go, which builds its
// requests with context.Background(), sends the one request of the call,
// and reads the answer itself, through MaxAnswerBytes.
//
// twilio-go's client.Client reads its HTTPClient for every request, so each
// call gets a light client.Client whose http.Client has a Call as its
// transport; all calls share the Client's one http.RoundTripper and so its
// connection pool. twilio-go builds and authenticates the request; the Call
// keeps the answer (status, the headers the packages read, and the body)
// and hands twilio-go errAnswered instead, so that twilio-go never
// interprets an answer: it would take a 3xx carrying a "sid" for a created
// resource and read an answer without any limit.
type Call struct {
	ctx  context.Context
	base *url.URL
	next http.RoundTripper

	// attempted is set once twilio-go handed a request to the transport.
	attempted bool
	// connected is set once a request got a connection. Nothing can have
	// been written before: until then the request cannot have been
	// accepted. It is never unset: no later failure of the call makes a
	// request that may have been written look unwritten. (httptrace's
	// WroteRequest would be later and narrower, but it runs on the
	// transport's write goroutine after the flush, and a canceled round
	// trip may return before it does: a request Twilio received in full
	// could then look unwritten.)
	connected atomic.Bool
	// answer is the answer, when one arrived.
	answer *Answer
}

// Answer returns the answer, or nil when none arrived.
func (c *Call) Answer() *Answer { return c.answer }

// Attempted reports whether twilio-go handed a request to the transport.
func (c *Call) Attempted() bool { return c.attempted }

// Connected reports whether the request got a connection, and so may have
// been written.
func (c *Call) Connected() bool { return c.connected.Load() }

// errAnswered ends twilio-go's handling of a request the call answered:
// the caller reads c.Answer() instead.
var errAnswered = errors.New("twilio: answer read by smskit")

// errSecondRequest refuses a second request in one call. twilio-go sends
// one request per API call, but some of its paths resend after an
// unreadable error answer; a resent create would send twice.
var errSecondRequest = errors.New("twilio: a call sends one request only")

// RoundTrip sends req with the call's context and a trace of its
// connection, to the Endpoint when one is set, and reads the answer.
func (c *Call) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	if c.attempted {
		return nil, errSecondRequest
	}
	c.attempted = true
	trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) {
		c.connected.Store(true)
	}}
	out := req.Clone(httptrace.WithClientTrace(c.ctx, trace))
	if c.base != nil {
		out.URL.Scheme, out.URL.Host, out.Host = c.base.Scheme, c.base.Host, ""
		out.URL.Path = c.base.Path + out.URL.Path
		out.URL.RawPath = ""
	}
	resp, err := c.next.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	c.answer = readAnswer(resp)
	return nil, errAnswered
}

// httpClient returns an http.Client sending through c that never follows
// a redirect: Twilio's APIs never redirect, and a second hop could fail
// after the first delivered the request, making a request that may have
// been accepted look refused. A 3xx answer is read as it is.
func (c *Call) httpClient() *http.Client {
	return &http.Client{
		Transport: c,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
