package aliyun

import (
	"context"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync/atomic"
	"time"
)

// call is the state of one SDK call. A fresh call is made for every Send, so
// a hook that fires late can only touch its own call.
type call struct {
	// ctx governs the HTTP request: the caller's context. The SDK takes no
	// context; callTransport attaches it.
	ctx context.Context
	// trace records whether the request was written.
	trace httptrace.ClientTrace
	// roundTrips counts requests handed to the transport.
	roundTrips atomic.Int32
	// wrote is set once the transport has written the request to a
	// connection: from then on Aliyun may have accepted the message.
	wrote atomic.Bool
	// url is the signed request URL; it is only read to redact errors.
	url *url.URL
	// keyID, secret and token are the credentials that signed the request;
	// they are only read to redact errors.
	keyID, secret, token string
	// credentialsFailed is set when no credentials could be obtained.
	credentialsFailed bool
}

// newCall starts the record of one call. Over the Sender's own HTTP/1.1
// transport, WroteRequest fires before the request's last bytes are flushed
// and before a canceled round trip returns, so a request without it cannot
// have reached Aliyun whole. A transport given in Options.Transport may
// report late (HTTP/2 can return from a canceled round trip before its
// writer reports): with such a transport (byConnection) a request counts as
// written once it has a connection. That may take a send that failed at once
// on a stale connection for possibly accepted: the safe side.
func newCall(ctx context.Context, byConnection bool) *call {
	c := &call{ctx: ctx}
	c.trace.WroteRequest = c.wroteRequest
	if byConnection {
		c.trace.GotConn = c.gotConn
	}
	return c
}

// gotConn is the httptrace hook for transports not known to report writes in
// time: a request with a connection may have been written.
func (c *call) gotConn(httptrace.GotConnInfo) { c.wrote.Store(true) }

// wroteRequest is the httptrace hook. It counts a failed write as written:
// some of the request may have left, and doubt means "may have been accepted".
func (c *call) wroteRequest(httptrace.WroteRequestInfo) { c.wrote.Store(true) }

// callTransport is the http.RoundTripper of one pooled SDK client. It hands
// each request to the shared base transport with the current call's context
// and trace attached. Because it is not an *http.Transport, the SDK leaves
// it alone instead of rewriting its dialer and TLS settings on every call.
type callTransport struct {
	base   http.RoundTripper
	client *pooledClient
}

// RoundTrip sends req under the current call's context. The SDK's http.Client
// calls it on the goroutine that called the SDK, which owns the pooled client.
func (t *callTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c := t.client.current
	c.url = req.URL
	c.roundTrips.Add(1)
	ctx := httptrace.WithClientTrace(c.ctx, &c.trace)
	return t.base.RoundTrip(req.WithContext(ctx))
}

// newHTTPTransport is the one transport that every pooled client shares, with
// an idle pool large enough for maxIdle concurrent sends.
func newHTTPTransport(connectTimeout time.Duration, maxIdle int) *http.Transport {
	dialer := &net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   connectTimeout,
		MaxIdleConns:          maxIdle,
		MaxIdleConnsPerHost:   maxIdle,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}
