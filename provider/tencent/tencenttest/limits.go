package tencenttest

import "time"

// Limits are the per-number frequency limits. Zero counts mean Tencent's
// documented defaults for mainland messages: one message of the same
// content to a number within 30 seconds, five within an hour, ten within a
// calendar day (Tencent Cloud SMS FAQ, "What is the default sending
// frequency limit of SMS?", https://www.tencentcloud.com/document/product/382/13303,
// which gives the 30-second and the daily limit; the console's frequency
// settings, https://cloud.tencent.com/document/product/382/35469, add the
// hourly one, five by default).
type Limits struct {
	// Disabled turns the limits off.
	Disabled bool
	// ThirtySeconds is how many messages of the same content a number may
	// get within 30 seconds (LimitExceeded.PhoneNumberThirtySecondLimit).
	ThirtySeconds int
	// OneHour is how many messages a number may get within an hour
	// (LimitExceeded.PhoneNumberOneHourLimit).
	OneHour int
	// OneDay is how many messages a number may get within a calendar day,
	// China time (LimitExceeded.PhoneNumberDailyLimit).
	OneDay int
}

// The documented defaults.
const (
	DefaultThirtySecondLimit = 1
	DefaultOneHourLimit      = 5
	DefaultOneDayLimit       = 10
)

// maxNumbers bounds the numbers whose history is kept.
const maxNumbers = 1 << 16

// chinaTime is the zone of Tencent's calendar days and receipt times.
var chinaTime = time.FixedZone("CST", 8*60*60)

// withDefaults fills in the documented defaults.
func (l Limits) withDefaults() Limits {
	if l.ThirtySeconds == 0 {
		l.ThirtySeconds = DefaultThirtySecondLimit
	}
	if l.OneHour == 0 {
		l.OneHour = DefaultOneHourLimit
	}
	if l.OneDay == 0 {
		l.OneDay = DefaultOneDayLimit
	}
	return l
}

// sent is one accepted message in a number's history.
type sent struct {
	at      time.Time
	content string
}

// history is a number's accepted messages within the last day.
type history struct{ sends []sent }

// check returns the limit code a new message of content to this number
// would hit at now, or "". s.mu is held.
func (s *Server) checkLimits(number, content string, now time.Time) string {
	l := s.opts.Limits
	if l.Disabled {
		return ""
	}
	h := s.sent[number]
	if h == nil {
		return ""
	}
	day := now.In(chinaTime)
	y, m, d := day.Date()
	var same30, hour, today int
	for _, e := range h.sends {
		age := now.Sub(e.at)
		if age < 30*time.Second && e.content == content {
			same30++
		}
		if age < time.Hour {
			hour++
		}
		if ey, em, ed := e.at.In(chinaTime).Date(); ey == y && em == m && ed == d {
			today++
		}
	}
	switch {
	case same30 >= l.ThirtySeconds:
		return "LimitExceeded.PhoneNumberThirtySecondLimit"
	case hour >= l.OneHour:
		return "LimitExceeded.PhoneNumberOneHourLimit"
	case today >= l.OneDay:
		return "LimitExceeded.PhoneNumberDailyLimit"
	}
	return ""
}

// record adds an accepted message to number's history, forgetting what is
// older than a day. It reports false when no more numbers can be tracked.
// s.mu is held.
func (s *Server) record(number, content string, now time.Time) bool {
	h := s.sent[number]
	if h == nil {
		if len(s.sent) >= maxNumbers {
			for k, v := range s.sent {
				if len(v.sends) == 0 || now.Sub(v.sends[len(v.sends)-1].at) > 24*time.Hour {
					delete(s.sent, k)
				}
			}
			if len(s.sent) >= maxNumbers {
				return false
			}
		}
		h = &history{}
		s.sent[number] = h
	}
	keep := h.sends[:0]
	for _, e := range h.sends {
		if now.Sub(e.at) <= 24*time.Hour {
			keep = append(keep, e)
		}
	}
	h.sends = append(keep, sent{at: now, content: content})
	return true
}
