// Package wiretrack tells whether an HTTP request may have reached the
// server, the fact on which "not accepted" versus "may have been accepted"
// turns: a request counts as written from the first byte a connection of
// the provider's own transport accepts for it (NewTransport), or, over a
// transport the caller gave (whose connections cannot be watched), from the
// moment it has a connection.
//
// A provider keeps one Call per request, installs Call.GotConn as the
// request's httptrace GotConn hook, calls MarkWritten when an answer
// arrives, and Release when the request is over.
package wiretrack

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// Call records whether one request was written. Its zero value is ready
// for use; it is never cleared once written.
type Call struct {
	wrote atomic.Bool
	conn  *Conn // the own connection reporting to the call, if any
}

// Wrote reports whether a byte of the request reached a connection (or the
// request had a connection of another transport, or an answer came).
func (c *Call) Wrote() bool { return c.wrote.Load() }

// MarkWritten records that the request was written, such as when an answer
// came.
func (c *Call) MarkWritten() { c.wrote.Store(true) }

// GotConn is the httptrace hook that hands each attempt's connection to the
// call. A connection of NewTransport then reports every byte written to it;
// a connection of another transport cannot be watched, so the request
// counts as written once it has one. The TLS handshake (and a proxy's
// CONNECT) are written before this hook runs, so they never count.
func (c *Call) GotConn(info httptrace.GotConnInfo) {
	conn := info.Conn
	if tc, ok := conn.(*tls.Conn); ok {
		conn = tc.NetConn()
	}
	tracked, ok := conn.(*Conn)
	if !ok {
		c.wrote.Store(true)
		return
	}
	c.Release()
	c.conn = tracked
	tracked.owner.Store(c)
}

// Release stops the call's connection from reporting writes to it.
func (c *Call) Release() {
	if c.conn != nil {
		c.conn.owner.CompareAndSwap(c, nil)
		c.conn = nil
	}
}

// Conn is a connection of NewTransport's. While a Call owns it, it marks
// the call written as soon as one byte of a write is accepted: the exact
// point from which the server may have the request. A write that fails
// before any byte left (a stale keep-alive connection, which net/http then
// retries on a new one) does not count.
type Conn struct {
	net.Conn
	owner atomic.Pointer[Call]
}

// Write writes p and reports it to the owning call.
func (t *Conn) Write(p []byte) (int, error) {
	n, err := t.Conn.Write(p)
	if n > 0 {
		if c := t.owner.Load(); c != nil {
			c.wrote.Store(true)
		}
	}
	return n, err
}

// NewTransport returns a provider's own transport: an idle pool large
// enough for maxIdle concurrent sends, and connections (Conn) that report
// writes to their call.
func NewTransport(connectTimeout time.Duration, maxIdle int) *http.Transport {
	dialer := &net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &Conn{Conn: conn}, nil
		},
		TLSHandshakeTimeout:   connectTimeout,
		MaxIdleConns:          maxIdle,
		MaxIdleConnsPerHost:   maxIdle,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}
