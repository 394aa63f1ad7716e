package aliyun

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync/atomic"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"

	"github.com/smskit/sms/internal/wiretrack"
)

// The states of a call, in call.state.
const (
	// callQueued: handed to a worker, no request started yet.
	callQueued int32 = iota
	// callStarted: the worker's transport began the one HTTP request of
	// the call; from now on only the request's end ends the call.
	callStarted
	// callAbandoned: the caller's context ended before the request began;
	// the worker's transport will refuse to start it.
	callAbandoned
)

// call is one SDK call: what the caller hands to a worker, and what the
// worker's transport, credentials and connections record about it. A fresh
// call is made for every Send and Status, so a hook that fires late can only
// touch its own call.
//
// The caller writes the request fields before handing the call over; the
// worker writes the outcome fields before closing done; the caller reads
// them after done is closed. state and wrote are atomic: the caller, the
// worker and a connection's writer may touch them at the same time.
type call struct {
	// ctx governs the HTTP request: the caller's context, bounded by the
	// Sender's Timeout. The SDK takes no context; callTransport attaches it.
	ctx context.Context
	// act is the action to call, and resp receives the answer.
	act  action
	resp responses.AcsResponse

	// err is the SDK's error; panicked is set when the SDK panicked.
	err      error
	panicked bool
	// done is closed by the worker when the SDK call is over.
	done chan struct{}

	// state is callQueued, callStarted or callAbandoned.
	state atomic.Int32
	// wire says whether a byte of the request reached a connection (or,
	// over a transport given in Options.Transport, whether the request had
	// a connection), or an answer came: from then on Aliyun may have
	// accepted the message.
	wire wiretrack.Call
	// trace finds the connection of each attempt (GotConn).
	trace httptrace.ClientTrace
	// redirect is the HTTP status of a redirect answer, which is refused.
	redirect int
	// tooLong is set when the answer's body was longer than maxAnswerBytes:
	// it is refused, unread.
	tooLong bool
	// url is the signed request URL; it is only read to redact errors.
	url *url.URL
	// keyID, secret and token are the credentials that signed the request;
	// they are only read to redact errors.
	keyID, secret, token string
	// credentialsFailed is set when no credentials could be obtained.
	credentialsFailed bool
}

// newCall makes the record of one SDK call of a, answered into resp, under
// ctx.
func newCall(ctx context.Context, a *action, resp responses.AcsResponse) *call {
	c := &call{ctx: ctx, act: *a, resp: resp, done: make(chan struct{})}
	c.trace.GotConn = c.wire.GotConn
	return c
}

// finish ends the call for the worker: its connection stops reporting to
// it, and the caller waiting on done may read the outcome.
func (c *call) finish() {
	c.wire.Release()
	close(c.done)
}

// failed reports whether the SDK call failed: an error, or a panic.
func (c *call) failed() bool { return c.err != nil || c.panicked }

// started reports whether the call's request began: only then can anything
// have reached Aliyun.
func (c *call) started() bool { return c.state.Load() == callStarted }

// errNotStarted ends an SDK call whose caller left before its request began,
// or a second request in one call (which the SDK, without AutoRetry, never
// makes).
var errNotStarted = errors.New("aliyun: request not started")

// errRedirect ends an SDK call that was answered with a redirect.
var errRedirect = errors.New("aliyun: redirect refused")

// errTooLong ends an SDK call whose answer's body is longer than
// maxAnswerBytes.
var errTooLong = errors.New("aliyun: answer too long")

// callTransport is the http.RoundTripper of one worker's http.Client (and
// of a hosted service's SDK client). It hands each request to the shared
// base transport with the current call's context and trace attached.
// Because it is not an *http.Transport, the SDK leaves it alone instead of
// rewriting its dialer and TLS settings on every call.
//
// It never lets a redirect through: Aliyun's API does not redirect, and an
// http.Client would follow one, sending the message again (307, 308)
// or turning the call into a GET elsewhere (301, 302, 303) whose failure
// would hide that the first request was written. A 3xx answer ends the call
// with errRedirect instead, its request counted as written.
//
// Nor does it let the SDK read more than maxAnswerBytes of an answer's body
// (the SDK reads a whole body into memory, twice): a longer body ends the
// call with errTooLong, also counted as written, once maxAnswerBytes+1
// bytes are read or at once when its Content-Length says so.
type callTransport struct {
	base   http.RoundTripper
	client *pooledClient
}

// RoundTrip sends req under the current call's context. The http.Client
// calls it on the goroutine that owns the pooled client.
func (t *callTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c := t.client.current
	if !c.state.CompareAndSwap(callQueued, callStarted) {
		return nil, errNotStarted
	}
	c.url = req.URL
	ctx := c.ctx
	if httptrace.ContextClientTrace(ctx) != nil {
		// WithClientTrace composes with the caller's trace by changing
		// ours: give it a copy.
		trace := c.trace
		ctx = httptrace.WithClientTrace(ctx, &trace)
	} else {
		ctx = httptrace.WithClientTrace(ctx, &c.trace)
	}
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	c.wire.MarkWritten() // an answer: the request was sent
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		c.redirect = resp.StatusCode
		_ = resp.Body.Close()
		return nil, errRedirect
	}
	if resp.ContentLength > maxAnswerBytes {
		c.tooLong = true
		_ = resp.Body.Close()
		return nil, errTooLong
	}
	resp.Body = &cappedBody{body: resp.Body, c: c, left: maxAnswerBytes}
	// The status and the body are read; the headers only ever went into
	// the SDK's log record, which it throws away (as JSON, on every call
	// of DoAction), and into the text of its server errors.
	resp.Header = http.Header{}
	return resp, nil
}

// cappedBody is an answer's body that fails with errTooLong once more than
// maxAnswerBytes of it are read.
type cappedBody struct {
	body io.ReadCloser
	c    *call
	left int // bytes that may still be read
}

// Read reads from the body, at most one byte more than is left.
func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, errTooLong
	}
	if len(p) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.body.Read(p)
	if b.left -= n; b.left < 0 {
		b.c.tooLong = true
		return n, errTooLong
	}
	return n, err
}

// Close closes the body.
func (b *cappedBody) Close() error { return b.body.Close() }
