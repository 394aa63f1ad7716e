package aliyuntest

import "time"

// Limits are the per-number frequency limits (流控) Aliyun applies by
// default on the mainland, counted over rolling windows on accepted
// submissions. A request that would exceed any of them is refused whole with
// isv.BUSINESS_LIMIT_CONTROL and a message naming the window and its permits,
// e.g. "触发分钟级流控Permits:1".
//
// Each zero field means Aliyun's default; a negative field removes that limit.
type Limits struct {
	// Disabled turns every limit off.
	Disabled bool
	// PerMinute limits verification-code messages per sign and number in
	// any 1 minute. Zero means 1.
	PerMinute int
	// PerHour limits verification-code messages per sign and number in any
	// 1 hour. Zero means 5.
	PerHour int
	// PerDay limits verification-code messages per sign and number in any
	// 24 hours. Zero means 10.
	PerDay int
	// NotificationPerDay limits notification and promotion messages per
	// sign, template and number in any 24 hours. Zero means 50.
	NotificationPerDay int
}

func (l Limits) withDefaults() Limits {
	def := func(v, d int) int {
		if v == 0 {
			return d
		}
		return v
	}
	l.PerMinute = def(l.PerMinute, 1)
	l.PerHour = def(l.PerHour, 5)
	l.PerDay = def(l.PerDay, 10)
	l.NotificationPerDay = def(l.NotificationPerDay, 50)
	return l
}

// window is one rolling limit.
type window struct {
	name    string // as in Aliyun's message: 分钟, 小时, 天
	length  time.Duration
	permits int
}

// windows returns the limits that apply to a template of kind k: the
// verification-code windows, a day of notifications or promotions, nothing
// for international templates (the limits are the mainland's).
func (l Limits) windows(k Kind) []window {
	if l.Disabled || k == International {
		return nil
	}
	var ws []window
	add := func(name string, length time.Duration, permits int) {
		if permits > 0 {
			ws = append(ws, window{name, length, permits})
		}
	}
	if k == Verification {
		add("分钟", time.Minute, l.PerMinute)
		add("小时", time.Hour, l.PerHour)
		add("天", 24*time.Hour, l.PerDay)
	} else {
		add("天", 24*time.Hour, l.NotificationPerDay)
	}
	return ws
}

// limitKey identifies what a limit counts: sign and number for verification
// codes, plus the template for notifications.
func limitKey(k Kind, sign, template, number string) string {
	if k == Verification {
		return "v\x00" + sign + "\x00" + number
	}
	return "n\x00" + sign + "\x00" + template + "\x00" + number
}

// sendHistory holds the acceptance times of recent messages per limit key.
type sendHistory struct {
	times     map[string][]time.Time
	nextSweep time.Time
}

// check reports the first limit that sending to keys (a key may repeat) at
// now would exceed, or nil.
func (h *sendHistory) check(ws []window, keys []string, now time.Time) *apiError {
	if len(ws) == 0 {
		return nil
	}
	pending := map[string]int{}
	for _, k := range keys {
		pending[k]++
	}
	for _, w := range ws {
		for _, k := range keys {
			n := pending[k]
			for _, t := range h.times[k] {
				if now.Sub(t) < w.length {
					n++
				}
			}
			if n > w.permits {
				return limitControl(w.name, w.permits)
			}
		}
	}
	return nil
}

// record counts a message to each of keys at now and forgets sends older than
// a day.
func (h *sendHistory) record(keys []string, now time.Time) {
	if h.times == nil {
		h.times = map[string][]time.Time{}
	}
	for _, k := range keys {
		h.times[k] = append(h.times[k], now)
	}
	if now.After(h.nextSweep) {
		for k, ts := range h.times {
			kept := ts[:0]
			for _, t := range ts {
				if now.Sub(t) < 24*time.Hour {
					kept = append(kept, t)
				}
			}
			if len(kept) == 0 {
				delete(h.times, k)
			} else {
				h.times[k] = kept
			}
		}
		h.nextSweep = now.Add(time.Hour)
	}
}
