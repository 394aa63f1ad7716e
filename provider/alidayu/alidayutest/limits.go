package alidayutest

import (
	"strconv"
	"time"
)

// Limits are the per-number frequency limits (流控) applied to accepted
// messages over rolling windows, Alidayu's defaults being those Aliyun
// documents for its SMS service, which took Alidayu's over: one a minute,
// five an hour, ten a day per number. A request that would exceed one is
// refused whole with isv.BUSINESS_LIMIT_CONTROL and a sub_msg naming the
// window and its permits, such as "触发分钟级流控Permits:1".
type Limits struct {
	// Disabled turns every limit off.
	Disabled bool
	// PerMinute, PerHour and PerDay are the permits of each window; zero
	// means 1, 5 and 10.
	PerMinute, PerHour, PerDay int
}

// The default permits.
const (
	DefaultPerMinute = 1
	DefaultPerHour   = 5
	DefaultPerDay    = 10
)

// maxTracked bounds the numbers whose history is kept.
const maxTracked = 1 << 16

func (l Limits) withDefaults() Limits {
	if l.PerMinute == 0 {
		l.PerMinute = DefaultPerMinute
	}
	if l.PerHour == 0 {
		l.PerHour = DefaultPerHour
	}
	if l.PerDay == 0 {
		l.PerDay = DefaultPerDay
	}
	return l
}

// checkLimits returns the sub_msg of the limit a new message to number
// would exceed at now, or "". s.mu is held.
func (s *Server) checkLimits(number string, now time.Time) string {
	l := s.opts.Limits
	if l.Disabled {
		return ""
	}
	var minute, hour, day int
	for _, at := range s.sent[number] {
		switch age := now.Sub(at); {
		case age < time.Minute:
			minute++
			fallthrough
		case age < time.Hour:
			hour++
			fallthrough
		case age < 24*time.Hour:
			day++
		}
	}
	switch {
	case minute >= l.PerMinute:
		return "触发分钟级流控Permits:" + strconv.Itoa(l.PerMinute)
	case hour >= l.PerHour:
		return "触发小时级流控Permits:" + strconv.Itoa(l.PerHour)
	case day >= l.PerDay:
		return "触发天级流控Permits:" + strconv.Itoa(l.PerDay)
	}
	return ""
}

// record adds an accepted message to number's history, forgetting what is
// older than a day. s.mu is held.
func (s *Server) record(number string, now time.Time) {
	if _, ok := s.sent[number]; !ok && len(s.sent) >= maxTracked {
		for k, v := range s.sent {
			if len(v) == 0 || now.Sub(v[len(v)-1]) >= 24*time.Hour {
				delete(s.sent, k)
			}
		}
	}
	keep := s.sent[number][:0]
	for _, at := range s.sent[number] {
		if now.Sub(at) < 24*time.Hour {
			keep = append(keep, at)
		}
	}
	s.sent[number] = append(keep, now)
}
