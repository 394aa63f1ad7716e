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
	out := make([]Record, v.len())
	for i := range out {
		out[i] = v.at(i).record()
	}
	return out
}

// Messages returns the accepted messages, normalized, in the order they were
// accepted: what the phones would have received.
func (s *Sender) Messages() []sms.Message {
	v, accepted := s.view()
	out := make([]sms.Message, 0, accepted)
	for i := range v.len() {
		if e := v.at(i); e.accepted() {
			out = append(out, e.msg.Message())
		}
	}
	return out
}

// SentTo returns the accepted messages to number, oldest first. number may be
// in any format sms.Normalize accepts, with the Sender's DefaultRegion; an
// invalid number matches nothing.
func (s *Sender) SentTo(number string) []sms.Message {
	want := senderkit.E164(number, s.base.Region)
	v, _ := s.view()
	var out []sms.Message
	for i := range v.len() {
		if e := v.at(i); e.accepted() && e.msg.To() == want {
			out = append(out, e.msg.Message())
		}
	}
	return out
}

// Last returns the record of the last accepted message to number, and false
// when none was accepted. number may be in any format sms.Normalize
// accepts, with the Sender's DefaultRegion; an invalid number matches
// nothing.
func (s *Sender) Last(number string) (Record, bool) {
	want := senderkit.E164(number, s.base.Region)
	return s.findLast(func(e *entry) bool { return e.msg.To() == want })
}

// Len returns how many messages were accepted since New or Reset.
func (s *Sender) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

// Reset forgets every record. Scripted failures, the latency and the id
// sequence are kept, so ids stay unique across a Reset.
func (s *Sender) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = log{}
	s.accepted = 0
	s.notifyLocked()
}

// view returns the records so far and how many were accepted.
func (s *Sender) view() (view, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.records.view(), s.accepted
}

// findLast returns a copy of the newest accepted record that match accepts.
func (s *Sender) findLast(match func(*entry) bool) (Record, bool) {
	v, _ := s.view()
	for i := v.len() - 1; i >= 0; i-- {
		if e := v.at(i); e.accepted() && match(e) {
			return e.record(), true
		}
	}
	return Record{}, false
}

// record appends e, the one critical section of a send, and wakes WaitFor
// if anyone waits. e must not change afterwards.
func (s *Sender) record(e *entry) {
	s.mu.Lock()
	s.records.add(e)
	if e.accepted() {
		s.accepted++
		s.notifyLocked()
	}
	s.mu.Unlock()
}

// fail records msg as failed with err and returns err.
func (s *Sender) fail(msg sms.Message, err *sms.Error) (sms.Result, error) {
	s.record(newEntry(msg, Record{Time: s.base.Now(), Err: err}))
	return sms.Result{}, err
}

// notifyLocked wakes every WaitFor, if any waits; s.mu must be held.
func (s *Sender) notifyLocked() {
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
}
