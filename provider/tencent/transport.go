package tencent

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"

	"github.com/smskit/sms/internal/wiretrack"
)

// maxAnswerBytes bounds an answer's body. Tencent's SendSms answer for one
// number is well under 1 KiB; status answers hold at most 100 receipts.
const maxAnswerBytes = 64 << 10

// call records one SDK call as the Sender's transport saw it: whether any
// byte of the request was written (then Tencent may have accepted it),
// the answer (status and body, read through a limit), and a refused
// redirect or an answer too long.
type call struct {
	wire     wiretrack.Call // whether the request was written
	trace    httptrace.ClientTrace
	started  bool   // the SDK handed the request to the transport
	auth     string // the Authorization header, for redaction
	status   int    // the answer's HTTP status; 0 when there is none
	body     []byte // the answer's body
	redirect int    // a redirect status that was refused
	tooLong  bool
	err      error // the SDK's error, kept for its cause only
}

// callKey is the context key of the *call of a request.
type callKey struct{}

// newCall returns a call record, its trace hooks in place.
func newCall() *call {
	c := &call{}
	c.trace.GotConn = c.wire.GotConn
	return c
}

var (
	errRedirect = errors.New("tencent: redirect refused")
	errTooLong  = errors.New("tencent: answer too long")
	errNoCall   = errors.New("tencent: request without a call record")
)

// callTransport is the SDK client's transport: it records each request's
// call, refuses redirects, and reads each answer through maxAnswerBytes so
// that the call is classified from the answer itself, not from the SDK's
// error text (which quotes the body).
type callTransport struct{ base http.RoundTripper }

// RoundTrip sends req on the base transport and records it in its call.
func (t *callTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c, _ := req.Context().Value(callKey{}).(*call)
	if c == nil {
		return nil, errNoCall
	}
	c.started = true
	c.auth = req.Header.Get("Authorization")
	ctx := req.Context()
	if httptrace.ContextClientTrace(ctx) != nil {
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
	defer resp.Body.Close()
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		c.redirect = resp.StatusCode
		return nil, errRedirect
	}
	if resp.ContentLength > maxAnswerBytes {
		c.tooLong = true
		return nil, errTooLong
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxAnswerBytes {
		c.tooLong = true
		return nil, errTooLong
	}
	c.status, c.body = resp.StatusCode, body
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header = http.Header{"Content-Type": {"application/json"}}
	return resp, nil
}
