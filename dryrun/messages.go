package dryrun

import "github.com/smskit/sms"

// Messages returns the kept messages, oldest first: at most Options.Keep of
// the most recently accepted ones, with params and bodies in full. The
// entries are copies.
func (s *Sender) Messages() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Entry, s.recent.len())
	for i := range out {
		e := s.recent.at(i)
		e.Message = cloneMessage(e.Message)
		out[i] = e
	}
	return out
}

// Last returns the most recent kept message to number, with its params in
// full: the verification code QA is looking for. number may be in any format
// sms.Normalize accepts, with the Sender's region. It returns false when no
// kept message went to number.
func (s *Sender) Last(number string) (sms.Message, bool) {
	want := e164(number, s.region)
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := s.recent.len() - 1; i >= 0; i-- {
		if e := s.recent.at(i); e.Message.To == want {
			return cloneMessage(e.Message), true
		}
	}
	return sms.Message{}, false
}

// e164 returns number in E.164, or as it is when it is not a valid number.
func e164(number, region string) string {
	p, err := sms.ParsePhone(number, region)
	if err != nil {
		return number
	}
	return p.E164()
}
