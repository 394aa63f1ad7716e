package twiliotest

// SetOutcome makes o the final status of the message with sid at once,
// whatever the clock says: a staging inbox's "deliver now" and "fail now"
// controls. o.Status is "delivered", "undelivered" or "failed". It reports
// whether the message exists.
func (s *Server) SetOutcome(sid string, o Outcome) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.bySID[sid]
	if ok {
		m.outcome, m.decided = o, true
	}
	return ok
}
