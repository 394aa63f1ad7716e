package aliyuntest

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is an Emulator listening on 127.0.0.1, for tests and local staging,
// in the manner of httptest.Server. The embedded *Emulator gives access to
// the inspection and fault-injection methods, e.g. srv.Messages().
type Server struct {
	*Emulator

	// URL is the base URL, "http://127.0.0.1:PORT".
	URL string
	// Host is "127.0.0.1:PORT", the value for an SDK request's Domain (with
	// Scheme "http").
	Host string

	listener net.Listener
	http     *http.Server
	cancel   context.CancelFunc

	mu       sync.Mutex
	closed   bool
	inflight sync.WaitGroup
}

// NewServer starts a Server for New(opts) on an ephemeral port of 127.0.0.1.
// Like httptest.NewServer it panics if it cannot listen. The caller must
// Close it.
func NewServer(opts Options) *Server {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("aliyuntest: failed to listen on 127.0.0.1: %v", err))
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		Emulator: New(opts),
		URL:      "http://" + l.Addr().String(),
		Host:     l.Addr().String(),
		listener: l,
		cancel:   cancel,
	}
	s.http = &http.Server{
		Handler:     http.HandlerFunc(s.serveHTTP),
		BaseContext: func(net.Listener) context.Context { return ctx },
		ErrorLog:    log.New(io.Discard, "", 0),
		// Bounds for a long-running staging emulator: a request line and
		// headers (the SDK's query string) of at most 1 MiB, read within a
		// minute; the body is read through its own limit (readParams).
		MaxHeaderBytes:    1 << 20,
		ReadHeaderTimeout: time.Minute,
	}
	go func() { _ = s.http.Serve(l) }()
	return s
}

// serveHTTP tracks in-flight requests so Close can wait for them.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		drop(w)
		return
	}
	s.inflight.Add(1)
	s.mu.Unlock()
	defer s.inflight.Done()
	s.Emulator.ServeHTTP(w, r)
}

// Close stops the server: it closes the listener and every connection,
// cancels the context of every in-flight request so that injected delays end
// at once, and waits for the handlers to return. Clients of requests still
// in flight see a transport error. Calling Close again does nothing.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.mu.Unlock()
	_ = s.http.Close()
	s.cancel()
	s.inflight.Wait()
}
