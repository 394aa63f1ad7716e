package fake

import (
	"sync/atomic"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/senderkit"
)

// failNext is one FailNext: how many sends it still fails, and with what.
// FailNext replaces it as a whole, so a send never pairs one call's count
// with another call's error.
type failNext struct {
	remaining atomicCounter
	err       error
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
	if n <= 0 {
		s.failNext.Store(nil)
		return
	}
	if err == nil {
		err = &sms.Error{Code: sms.Unavailable, NotAccepted: true, Message: "scripted failure"}
	}
	f := &failNext{err: err}
	f.remaining.Store(int64(n))
	s.failNext.Store(f)
}

// FailWhen makes fn decide the fate of each later send that reaches the
// pretend provider and is not taken by FailNext: a nil return sends the
// message, an error fails it as FailNext describes. fn sees the normalized
// message (a copy: changing it changes nothing), may be called from many
// goroutines at once, and may call the Sender's methods. FailWhen(nil) stops
// it.
func (s *Sender) FailWhen(fn func(sms.Message) error) {
	if fn == nil {
		s.failWhen.Store(nil)
		return
	}
	s.failWhen.Store(&fn)
}

// scripted returns the scripted failure for msg, or nil. With nothing
// scripted it costs two atomic loads and takes no lock.
func (s *Sender) scripted(msg sms.Message) error {
	if f := s.failNext.Load(); f != nil && f.remaining.takeOne() {
		return f.err
	}
	fn := s.failWhen.Load()
	if fn == nil {
		return nil
	}
	return (*fn)(senderkit.CloneMessage(msg))
}

// scriptedError turns a scripted failure into the *sms.Error Send returns
// (see FailNext), still without the send's request id, which Sender.keep
// fills in: a new error, not yet shared. The scripted error is never
// modified: it may be returned many times, from many goroutines. Its
// methods (Unwrap, As, Is) run here, before the send takes any lock, so
// that they may call the Sender.
func (s *Sender) scriptedError(err error) *sms.Error {
	return senderkit.Adopt(err, s.base.Provider, "", sms.Error{Code: sms.CodeOf(err), Message: "scripted failure"})
}

// atomicCounter counts down without a lock.
type atomicCounter struct{ atomic.Int64 }

// takeOne decrements c if it is positive, and reports whether it did.
func (c *atomicCounter) takeOne() bool {
	for {
		n := c.Load()
		if n <= 0 {
			return false
		}
		if c.CompareAndSwap(n, n-1) {
			return true
		}
	}
}
