package fake

import (
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/senderkit"
)

// Record is one call to Send: the message (normalized, To in E.164, when it
// passed the provider's checks, sms.Validator.Prepare; as the caller passed
// it when they refused it), when the call ended by the Sender's clock, and
// what Send returned. Exactly one of Result and Err is set.
//
// Records hold copies: changing a message's Params after Send, or changing a
// returned Record, changes no other record.
type Record struct {
	// Message is the message, normalized unless the provider's checks
	// refused it.
	Message sms.Message
	// Time is when Send returned, by Options.Now.
	Time time.Time
	// Result is what Send returned when it succeeded.
	Result sms.Result
	// Err is the error Send returned, always an *sms.Error; nil when the
	// message was accepted.
	Err error
}

// Accepted reports whether Send succeeded: the message reached the phone.
func (r Record) Accepted() bool { return r.Err == nil }

// MayHaveArrived reports whether the message reached the phone or may have:
// it was accepted, or it failed with an error that does not say it was
// definitely not accepted (sms.IsNotAccepted is false).
func (r Record) MayHaveArrived() bool { return r.Err == nil || !sms.IsNotAccepted(r.Err) }

// Records returns every call to Send since New or Reset, accepted or not, in
// the order the calls returned.
func (s *Sender) Records() []Record {
	v, _ := s.view()
	out := make([]Record, 0, v.len())
	v.each(func(e *entry) bool {
		out = append(out, s.record(e))
		return true
	})
	return out
}

// Messages returns the accepted messages, normalized, in the order they were
// accepted: what the phones would have received.
func (s *Sender) Messages() []sms.Message {
	v, accepted := s.view()
	out := make([]sms.Message, 0, accepted)
	v.each(func(e *entry) bool {
		if e.accepted() {
			out = append(out, e.msg.Message())
		}
		return true
	})
	return out
}

// SentTo returns the accepted messages to number, oldest first. number may be
// in any format sms.Normalize accepts, with the Sender's DefaultRegion; an
// invalid number matches nothing.
func (s *Sender) SentTo(number string) []sms.Message {
	want := senderkit.E164(number, s.base.Region)
	v, _ := s.view()
	var out []sms.Message
	v.each(func(e *entry) bool {
		if e.accepted() && e.msg.To() == want {
			out = append(out, e.msg.Message())
		}
		return true
	})
	return out
}

// Last returns the record of the last accepted message to number, and false
// when none was accepted. number may be in any format sms.Normalize
// accepts, with the Sender's DefaultRegion; an invalid number matches
// nothing.
func (s *Sender) Last(number string) (Record, bool) {
	want := senderkit.E164(number, s.base.Region)
	v, _ := s.view()
	if e, ok := v.last(func(e *entry) bool { return e.msg.To() == want }); ok {
		return s.record(e), true
	}
	return Record{}, false
}

// Len returns how many messages were accepted since New or Reset.
func (s *Sender) Len() int {
	n := 0
	for _, l := range s.shards.LockAll() {
		n += l.accepted
	}
	s.shards.UnlockAll()
	return n
}

// Reset forgets every record. Scripted failures, the latency and the id
// sequence are kept, so ids stay unique across a Reset.
func (s *Sender) Reset() {
	for _, l := range s.shards.LockAll() {
		*l = log{}
	}
	s.shards.UnlockAll()
	s.notify()
}

// view returns the records so far, of every shard at one moment, and how
// many were accepted.
func (s *Sender) view() (view, int) {
	logs := s.shards.LockAll()
	defer s.shards.UnlockAll()
	v, accepted := make(view, len(logs)), 0
	for i, l := range logs {
		v[i] = l.view()
		accepted += l.accepted
	}
	return v, accepted
}

// record returns the Record of e, with its own copy of the message's
// params.
func (s *Sender) record(e *entry) Record {
	r := Record{Message: e.msg.Message(), Time: e.time, Err: e.err}
	if e.accepted() {
		r.Result = s.result(e.seq)
	}
	return r
}

// result returns the Result of the accepted send numbered seq.
func (s *Sender) result(seq uint64) sms.Result {
	messageID, requestID := s.base.IDs.Pair(seq)
	return sms.Result{Provider: s.base.Provider, MessageID: messageID, RequestID: requestID}
}

// keep records a send of msg that returned err (nil: accepted), the one
// critical section of a send, in the shard of this core: it numbers the
// send, so that the order of the records is the order the sends returned,
// and returns its number. For a scripted failure (see FailNext), err is a
// new error made by scriptedError, which keep completes with the send's
// request id. Nothing under the lock runs the caller's code.
func (s *Sender) keep(msg sms.Message, err *sms.Error, scripted bool) uint64 {
	e := entry{msg: senderkit.Keep(msg), time: s.base.Now()}
	sh := s.shards.Lock()
	e.seq = s.seq.Add(1)
	if err != nil {
		if scripted && err.RequestID == "" {
			err.RequestID = s.base.IDs.RequestID(e.seq)
		}
		e.err = err
	}
	sh.Value.add(&e)
	s.shards.Unlock(sh, e.seq)
	if err == nil && s.waiting.Load() > 0 {
		s.notify()
	}
	return e.seq
}

// fail records msg as failed with err and returns err.
func (s *Sender) fail(msg sms.Message, err *sms.Error) (sms.Result, error) {
	s.keep(msg, err, false)
	return sms.Result{}, err
}

// notify wakes every WaitFor, if any waits.
func (s *Sender) notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
}
