package twilio

import (
	"context"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync/atomic"
)

// call carries one Send's context into twilio-go, which builds its requests
// with context.Background(), and records what happened on the wire.
//
// twilio-go's client.Client reads its HTTPClient for every request, so the
// Sender gives each call a light client.Client whose http.Client has a call
// as its transport; all calls share the Sender's one http.RoundTripper and
// so its connection pool.
type call struct {
	ctx  context.Context
	base *url.URL
	next http.RoundTripper

	// attempted is set once twilio-go handed a request to the transport.
	attempted bool
	// connected is set once a request got a connection. Nothing can have
	// been written before: until then the message cannot have been
	// accepted. (httptrace's WroteRequest would be later and narrower, but
	// it runs on the transport's write goroutine after the flush, and a
	// canceled round trip may return before it does: a request Twilio
	// received in full could then look unwritten.)
	connected atomic.Bool
	// status and header are the answer's, when one arrived.
	status int
	header http.Header
	// body is the last answer's body, closed by finish: twilio-go leaves
	// the body of an error answer open.
	body io.ReadCloser
}

// RoundTrip sends req with the call's context and a trace of its
// connection, to the BaseURL when one is set.
func (c *call) RoundTrip(req *http.Request) (*http.Response, error) {
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
	c.status, c.header, c.body = resp.StatusCode, resp.Header, resp.Body
	return resp, nil
}

// finish drains a little of the answer's body, so that its connection may
// be reused, and closes it: twilio-go leaves the body of an error answer
// open.
func (c *call) finish() {
	if c.body != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(c.body, 4<<10))
		_ = c.body.Close()
	}
}

// httpClient returns an http.Client sending through c that does not
// follow redirects, as twilio-go's default client.
func (c *call) httpClient() *http.Client {
	return &http.Client{
		Transport: c,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
