package fake

import "github.com/smskit/sms"

// script holds the scripted failures; Sender.mu guards it.
type script struct {
	failNext    int
	failNextErr error
	failWhen    func(sms.Message) error
}

// FailNext makes the next n sends that reach the pretend provider fail with
// err, replacing any earlier FailNext; n <= 0 cancels it. Sends refused
// before that (invalid message, ended context) do not use one up. FailNext
// takes precedence over FailWhen.
//
// err is returned as an *sms.Error naming the Sender's provider, with a
// request id:
//   - an *sms.Error is returned as a copy with Provider and RequestID filled
//     in where empty, so its Code, NotAccepted and RetryAfter are the test's
//     choice; the copy wraps err, so errors.Is(returned, err) holds;
//   - any other error is wrapped in an *sms.Error, so errors.Is still finds
//     it, classified by the *sms.Error in its chain if there is one, and
//     otherwise with the code sms.CodeOf gives it (Unknown for a plain
//     error) and NotAccepted false: the safe reading of an unclassified
//     failure is "may have been accepted";
//   - nil means a transient failure: Unavailable, not accepted.
//
// A scripted failure never counts as sent: see the package doc and
// Record.MayHaveArrived.
func (s *Sender) FailNext(n int, err error) {
	if err == nil {
		err = &sms.Error{Code: sms.Unavailable, NotAccepted: true, Message: "scripted failure"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script.failNext = max(n, 0)
	s.script.failNextErr = err
	if n <= 0 {
		s.script.failNextErr = nil
	}
}

// FailWhen makes fn decide the fate of each later send that reaches the
// pretend provider and is not taken by FailNext: a nil return sends the
// message, an error fails it as FailNext describes. fn sees the normalized
// message (a copy: changing it changes nothing), may be called from many
// goroutines at once, and may call the Sender's methods. FailWhen(nil) stops
// it.
func (s *Sender) FailWhen(fn func(sms.Message) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script.failWhen = fn
}

// scripted returns the scripted failure for msg, or nil.
func (s *Sender) scripted(msg sms.Message) error {
	s.mu.Lock()
	if s.script.failNext > 0 {
		s.script.failNext--
		err := s.script.failNextErr
		s.mu.Unlock()
		return err
	}
	fn := s.script.failWhen
	s.mu.Unlock()
	if fn == nil {
		return nil
	}
	return fn(cloneMessage(msg))
}
