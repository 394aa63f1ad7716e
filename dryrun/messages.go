package dryrun

import (
	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/senderkit"
)

// Records returns the kept records, oldest first: at most Options.Keep of
// the most recently accepted messages, with params and bodies in full. The
// records are copies.
func (s *Sender) Records() []Record {
	kept := s.snapshot()
	for i := range kept {
		kept[i] = kept[i].clone()
	}
	return kept
}

// Messages returns the kept messages, oldest first, normalized: what the
// phones would have received, as far as Options.Keep reaches.
func (s *Sender) Messages() []sms.Message {
	kept := s.snapshot()
	out := make([]sms.Message, len(kept))
	for i, r := range kept {
		out[i] = senderkit.CloneMessage(r.Message)
	}
	return out
}

// SentTo returns the kept messages to number, oldest first. number may be
// in any format sms.Normalize accepts, with the Sender's DefaultRegion; an
// invalid number matches nothing.
func (s *Sender) SentTo(number string) []sms.Message {
	want := senderkit.E164(number, s.base.Region)
	var out []sms.Message
	for _, r := range s.snapshot() {
		if r.Message.To == want {
			out = append(out, senderkit.CloneMessage(r.Message))
		}
	}
	return out
}

// Last returns the record of the most recent kept message to number, with
// its params in full, and false when no kept message went to number. number
// may be in any format sms.Normalize accepts, with the Sender's
// DefaultRegion.
func (s *Sender) Last(number string) (Record, bool) {
	want := senderkit.E164(number, s.base.Region)
	kept := s.snapshot()
	for i := len(kept) - 1; i >= 0; i-- {
		if kept[i].Message.To == want {
			return kept[i].clone(), true
		}
	}
	return Record{}, false
}

// Code returns the param named param (such as "code") of the most recent
// kept message to number: the verification code QA is looking for on
// staging. It returns false when no kept message went to number, or when
// that message has no such param.
//
//	code, ok := dry.Code("138 0013 8000", "code")
func (s *Sender) Code(number, param string) (string, bool) {
	r, ok := s.Last(number)
	if !ok {
		return "", false
	}
	v, ok := r.Message.Params[param]
	return v, ok
}

// snapshot returns the kept records, oldest first, sharing their Params
// with the ring: callers must not change them or hand them out.
func (s *Sender) snapshot() []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.recent.snapshot()
}
