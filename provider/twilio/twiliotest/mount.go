package twiliotest

import "net/http"

// Handler returns the server's HTTP handler, to mount the emulated Messages
// API on another server, such as a staging inbox that serves several APIs
// on one port. Requests it serves share the server's messages, faults and
// counts, and Close releases those it stalls.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }
