package aliyun

import (
	"net/http"
	"os"
	"sync/atomic"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
)

// pooledClient is what one worker calls the API with: an http.Client over
// the shared transport, a credentials provider over the shared one, and
// requests, all of which report to the call being made (current). Each
// belongs to one worker, which makes one call at a time. (The hosted
// services' clients use it too, around an SDK client: see hosted.go.)
type pooledClient struct {
	// current is the call being made; only the worker's goroutine (and
	// the hooks that it runs) touch it.
	current *call
	// requests are the client's requests, one per action, reused.
	requests []*rpcRequest
	// creds and http sign and send the requests (see send.go).
	creds callCredentials
	http  http.Client
	// noProxyPinned is set when NO_PROXY was set when the client was
	// made (see checkProxyEnvironment).
	noProxyPinned bool
}

// clientPool runs API calls on worker goroutines, each with a pooledClient
// of its own; all clients share one base transport and one credentials
// provider.
//
// The calls run on workers rather than on the caller's goroutine because the
// SDK's signature nonce (utils.GetNonce) formats the calling goroutine's
// stack with runtime.Stack, at about a microsecond per frame: a send from a
// deep handler, under the middleware stack, cost tens of microseconds more
// than one from a shallow goroutine. A worker's stack stays a few frames
// deep, so the provider's cost does not depend on its caller's depth.
//
// A call goes to an idle worker when there is one and to a new worker
// otherwise, so calls never wait for each other: there are at most as many
// workers as calls in flight plus maxIdle idle ones. Idle workers beyond
// maxIdle end, CloseIdleConnections ends the idle ones, and once the Sender
// is garbage collected every worker ends when idle.
type clientPool struct {
	// scheme, domain and region are the SDK's for every client; the pool
	// keeps copies rather than a pointer into the Sender, so that it does
	// not keep the Sender reachable.
	scheme, domain, region string
	base                   http.RoundTripper
	creds                  credentials.CredentialsProvider
	// jobs hands calls to idle workers. It is unbuffered: a send succeeds
	// only into the hands of a waiting worker. A nil call ends the worker
	// that receives it.
	jobs chan *call
	// quit is closed when the Sender is unreachable.
	quit chan struct{}
	// idle counts the workers waiting on jobs; at most maxIdle wait.
	idle    atomic.Int32
	maxIdle int32
	// workers counts the live worker goroutines.
	workers atomic.Int32
}

// newClientPool makes a pool without workers for st, whose MaxIdleConns
// bounds the idle workers as it bounds the idle connections.
func newClientPool(st settings, base http.RoundTripper, creds credentials.CredentialsProvider) *clientPool {
	return &clientPool{scheme: st.scheme, domain: st.domain, region: st.RegionID, base: base, creds: creds,
		jobs: make(chan *call), quit: make(chan struct{}), maxIdle: int32(min(st.MaxIdleConns, 1<<20))}
}

// start hands c to an idle worker, or to a new one.
func (p *clientPool) start(c *call) {
	select {
	case p.jobs <- c:
		return
	default:
	}
	p.workers.Add(1)
	go p.work(p.newClient(), c)
}

// work is a worker's goroutine: it makes call c with w, then waits for the
// next call. The call is made right here, so that the goroutine's stack is
// as shallow as it can be when the SDK's nonce walks it.
//
// The SDK panics on some malformed answers (an error answer whose Code is
// not a string), which anyone on the path of a plain-HTTP endpoint can
// send: the deferred recovery turns such a panic into c.panicked, and the
// worker ends, its SDK client not reused.
func (p *clientPool) work(w *pooledClient, c *call) {
	defer func() {
		if recover() != nil {
			w.current.panicked = true
			w.current.finish()
		}
		p.workers.Add(-1)
	}()
	for {
		w.current = c
		c.err = p.send(w, c)
		w.current = nil
		c.finish()

		if p.idle.Add(1) > p.maxIdle {
			p.idle.Add(-1)
			return
		}
		select {
		case c = <-p.jobs:
		case <-p.quit:
			c = nil
		}
		p.idle.Add(-1)
		if c == nil {
			return
		}
	}
}

// request returns w's request for a, ready to send. Each client keeps one
// request per action and reuses it with its maps' storage: a request grows
// its maps to some 20 entries on every call, and a new one pays for that
// again.
func (w *pooledClient) request(a *action) *rpcRequest {
	for _, r := range w.requests {
		if r.GetActionName() == a.name {
			r.reset(a)
			return r
		}
	}
	r := newRPCRequest(a.name)
	r.reset(a)
	w.requests = append(w.requests, r)
	return r
}

// stopIdle ends the workers that are idle now.
func (p *clientPool) stopIdle() {
	for {
		select {
		case p.jobs <- nil:
		default:
			return
		}
	}
}

// stop ends every worker once idle; the pool must not be used afterwards.
func (p *clientPool) stop() { close(p.quit) }

// newClient makes a worker's client: its requests use the Sender's
// transport and credentials; it never follows redirects (callTransport
// refuses them) and has no timeout of its own (the call's context carries
// the Sender's Timeout).
func (p *clientPool) newClient() *pooledClient {
	c := &pooledClient{}
	c.creds = callCredentials{shared: p.creds, client: c}
	c.http.Transport = &callTransport{base: p.base, client: c}
	c.noProxyPinned = os.Getenv("NO_PROXY") != "" || os.Getenv("no_proxy") != ""
	return c
}
