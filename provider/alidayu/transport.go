package alidayu

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/smskit/sms"
)

// maxAnswerBytes bounds an answer's body: the gateway's answer to one
// send is a few hundred bytes.
const maxAnswerBytes = 64 << 10

// call is one HTTP exchange with the gateway, as the Sender saw it.
type call struct {
	// connected is set once the request got a connection: from then on a
	// byte may have been written, and Alidayu may have accepted the
	// message. It is never cleared. (httptrace's WroteRequest would be
	// narrower, but it fires on the transport's writer after the flush,
	// and a cancelled round trip may return before it does: a request the
	// gateway received whole could then look unwritten.)
	connected atomic.Bool
	// status is the answer's HTTP status; 0 when no answer came.
	status int
	// body is at most maxAnswerBytes of the answer's body.
	body []byte
	// complete is set when body is the whole body.
	complete bool
	// tooLong is set when the body was longer than maxAnswerBytes.
	tooLong bool
	// err is the transport's error when no answer came.
	err error
}

// post sends the form body to the gateway under ctx and the Sender's
// Timeout, and reads the answer through maxAnswerBytes. It never follows a
// redirect: the request goes to the transport's RoundTrip, which does not.
func (s *Sender) post(ctx context.Context, body string) *call {
	ctx, cancel := context.WithTimeout(ctx, s.settings.timeout)
	defer cancel()
	c := &call{}
	trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { c.connected.Store(true) }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodPost,
		s.settings.endpoint, strings.NewReader(body))
	if err != nil {
		c.err = err
		return c
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
	req.Header.Set("Accept", "application/json")
	resp, err := s.transport.RoundTrip(req)
	if err != nil {
		c.err = err
		return c
	}
	c.connected.Store(true) // an answer: the request was sent
	defer resp.Body.Close()
	c.status = resp.StatusCode
	if resp.ContentLength > maxAnswerBytes {
		c.tooLong = true
		return c
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	switch {
	case len(b) > maxAnswerBytes:
		c.tooLong = true
	case err == nil:
		c.body, c.complete = b, true
	}
	return c
}

// errRedirect and errTooLong are wrapped by the errors of such answers.
var (
	errRedirect = errors.New("alidayu: redirect refused")
	errTooLong  = errors.New("alidayu: answer too long")
	errCut      = errors.New("alidayu: answer cut short")
)

// failure classifies call c, which got no answer. parent is the caller's
// context; the Sender's Timeout is a deadline below it. Once the request
// had a connection, Alidayu may have accepted the message, whatever went
// wrong afterwards.
func failure(parent context.Context, c *call, sec secrets) *sms.Error {
	connected := c.connected.Load()
	safe := sanitize(c.err, sec)
	e := &sms.Error{Provider: Name, NotAccepted: !connected, Err: safe}
	switch {
	case parent.Err() != nil:
		e.Code = sms.ContextError(parent.Err(), !connected).Code
		e.Message = parent.Err().Error()
		e.Err = parent.Err()
		return e
	case isTimeout(c.err) && !isDial(c.err):
		e.Code = sms.DeadlineExceeded
		e.Message = "no answer within the timeout"
	case !connected:
		e.Code = sms.Unavailable
		e.Message = "cannot reach the TOP gateway"
	default:
		e.Code = sms.Unknown
		e.Message = "connection lost after the request was sent"
	}
	return e
}

// unreadable classifies an answer that came but cannot be read: a
// redirect, a body too long or cut short. The request reached something
// that answered, so it may have been accepted.
func unreadable(c *call) *sms.Error {
	e := &sms.Error{Code: sms.Unknown, Provider: Name}
	switch {
	case c.status >= 300 && c.status < 400:
		e.Err = errRedirect
		e.Message = "HTTP " + strconv.Itoa(c.status) + " redirect, not followed: the TOP gateway never redirects, " +
			"and the request may have been accepted"
	case c.tooLong:
		e.Err = errTooLong
		e.Message = "answer longer than " + strconv.Itoa(maxAnswerBytes>>10) + " KiB, not read: the gateway's " +
			"answers are far shorter, and the request may have been accepted"
	default:
		e.Err = errCut
		e.Message = "answer cut short: the request may have been accepted"
	}
	return e
}

// isDial reports whether err happened while connecting.
func isDial(err error) bool {
	oe, ok := errors.AsType[*net.OpError](err)
	return ok && oe.Op == "dial"
}

// isTimeout reports whether err is a timeout.
func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	ne, ok := errors.AsType[net.Error](err)
	return ok && ne.Timeout()
}
