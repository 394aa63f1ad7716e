package fake

import (
	"maps"
	"time"

	"github.com/smskit/sms"
)

// Record is one call to Send: the message (normalized to E.164 when it was
// valid, as passed otherwise), when the call ended by the Sender's clock, and
// what Send returned. Exactly one of Result and Err is set.
//
// Records hold copies: changing a message's Params after Send, or changing a
// returned Record, changes no other record.
type Record struct {
	// Message is the message, normalized when it was valid.
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
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Record, len(s.records))
	for i, r := range s.records {
		r.Message = cloneMessage(r.Message)
		out[i] = r
	}
	return out
}

// Messages returns the accepted messages, normalized, in the order they were
// accepted: what the phones would have received.
func (s *Sender) Messages() []sms.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]sms.Message, 0, s.accepted)
	for _, r := range s.records {
		if r.Err == nil {
			out = append(out, cloneMessage(r.Message))
		}
	}
	return out
}

// Last returns the record of the last accepted message, and false when no
// message was accepted.
func (s *Sender) Last() (Record, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last < 0 {
		return Record{}, false
	}
	r := s.records[s.last]
	r.Message = cloneMessage(r.Message)
	return r, true
}

// SentTo returns the accepted messages to number, oldest first. number may be
// in any format sms.Normalize accepts, with the Sender's region; an invalid
// number matches nothing.
func (s *Sender) SentTo(number string) []sms.Message {
	want := e164(number, s.region)
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []sms.Message
	for _, r := range s.records {
		if r.Err == nil && r.Message.To == want {
			out = append(out, cloneMessage(r.Message))
		}
	}
	return out
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
	s.records = nil
	s.accepted = 0
	s.last = -1
	s.notifyLocked()
}

// accept records msg as accepted with res and wakes WaitFor.
func (s *Sender) accept(msg sms.Message, res sms.Result) {
	t := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = append(s.records, Record{Message: msg, Time: t, Result: res})
	s.accepted++
	s.last = len(s.records) - 1
	s.notifyLocked()
}

// fail records msg as failed with err and returns err.
func (s *Sender) fail(msg sms.Message, err *sms.Error) (sms.Result, error) {
	t := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = append(s.records, Record{Message: msg, Time: t, Err: err})
	return sms.Result{}, err
}

// notifyLocked wakes every WaitFor; s.mu must be held.
func (s *Sender) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// cloneMessage returns m with its own copy of Params.
func cloneMessage(m sms.Message) sms.Message {
	m.Params = maps.Clone(m.Params)
	return m
}

// e164 returns number in E.164, or as it is when it is not a valid number.
func e164(number, region string) string {
	p, err := sms.ParsePhone(number, region)
	if err != nil {
		return number
	}
	return p.E164()
}
