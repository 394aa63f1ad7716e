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
	out := make([]Record, len(kept))
	for i := range kept {
		out[i] = s.record(&kept[i])
	}
	return out
}

// Messages returns the kept messages, oldest first, normalized: what the
// phones would have received, as far as Options.Keep reaches.
func (s *Sender) Messages() []sms.Message {
	kept := s.snapshot()
	out := make([]sms.Message, len(kept))
	for i := range kept {
		out[i] = kept[i].msg.Message()
	}
	return out
}

// SentTo returns the kept messages to number, oldest first. number may be
// in any format sms.Normalize accepts, with the Sender's DefaultRegion; an
// invalid number matches nothing.
func (s *Sender) SentTo(number string) []sms.Message {
	want := senderkit.E164(number, s.base.Region)
	var out []sms.Message
	kept := s.snapshot()
	for i := range kept {
		if kept[i].msg.To() == want {
			out = append(out, kept[i].msg.Message())
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
		if kept[i].msg.To() == want {
			return s.record(&kept[i]), true
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
