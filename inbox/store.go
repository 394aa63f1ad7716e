package inbox

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// store keeps the inbox's messages, bounded by count and age. The memory
// store is the default; the SQLite store keeps them across restarts.
type store interface {
	// add stores r, forgetting the oldest messages beyond the bounds.
	add(r *record, now time.Time)
	// get returns a copy of the record with id.
	get(id string) (record, bool)
	// update runs f on the record with id and stores the result.
	update(id string, f func(*record)) bool
	// remove deletes the record with id and reports whether it was there.
	remove(id string) bool
	// clear forgets every message.
	clear()
	// len returns how many messages are kept.
	len() int
	// find returns copies of the records f selects, newest first, and
	// how many matched before f.Limit.
	find(f Filter, now time.Time) ([]record, int)
	// close releases the store.
	close() error
}

// record is a stored message with what its status is computed from.
type record struct {
	msg Message
	// sid is the Twilio message SID the emulator knows the message by.
	sid string
	// restored marks a record read back from a store an earlier run of
	// the inbox wrote: the emulators no longer know it, so its status is
	// the one stored.
	restored bool
	// status and statusErr are the status last seen, kept for restored
	// records.
	status, statusErr string
	// receiptAt is when an Aliyun receipt arrives; failed and errCode say
	// which. Twilio records read their status from the emulator.
	receiptAt time.Time
	failed    bool
	errCode   string
}

// memStore keeps the newest messages in memory, at most max of them and
// none older than maxAge. It is safe for concurrent use.
type memStore struct {
	max    int
	maxAge time.Duration

	mu   sync.Mutex
	list []*record // oldest first
	byID map[string]*record
}

func newMemStore(max int, maxAge time.Duration) *memStore {
	return &memStore{max: max, maxAge: maxAge, byID: map[string]*record{}}
}

// add stores r, forgetting the oldest messages beyond the bounds.
func (s *memStore) add(r *record, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.list = append(s.list, r)
	s.byID[r.msg.ID] = r
	s.pruneLocked(now)
}

// pruneLocked drops messages beyond max and older than maxAge.
func (s *memStore) pruneLocked(now time.Time) {
	drop := 0
	if len(s.list) > s.max {
		drop = len(s.list) - s.max
	}
	cutoff := now.Add(-s.maxAge)
	for drop < len(s.list) && s.list[drop].msg.Time.Before(cutoff) {
		drop++
	}
	if drop == 0 {
		return
	}
	for _, r := range s.list[:drop] {
		delete(s.byID, r.msg.ID)
	}
	clear(s.list[:drop])
	s.list = s.list[drop:]
}

// get returns a copy of the record with id.
func (s *memStore) get(id string) (record, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.byID[id]
	if !ok {
		return record{}, false
	}
	return *r, true
}

// close does nothing: memory needs no release.
func (s *memStore) close() error { return nil }

// update runs f on the record with id under the store's lock.
func (s *memStore) update(id string, f func(*record)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.byID[id]
	if ok {
		f(r)
	}
	return ok
}

// remove deletes the record with id and reports whether it was there.
func (s *memStore) remove(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byID[id]; !ok {
		return false
	}
	delete(s.byID, id)
	s.list = slices.DeleteFunc(s.list, func(r *record) bool { return r.msg.ID == id })
	return true
}

// clear forgets every message.
func (s *memStore) clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.list = nil
	s.byID = map[string]*record{}
}

// len returns how many messages are kept.
func (s *memStore) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.list)
}

// Filter selects messages for a listing.
type Filter struct {
	// Query, if not empty, keeps messages whose number, sign, template or
	// text contains it (case-insensitive).
	Query string
	// Number, if not empty, keeps the messages to this number (any form).
	Number string
	// Since and Before, if not zero, bound the message time.
	Since, Before time.Time
	// Limit, if positive, keeps at most that many (the newest).
	Limit int
}

// matches reports whether m passes f; number is f.Number normalized.
func (f Filter) matches(m *Message, number, query string) bool {
	if number != "" && m.Number != number {
		return false
	}
	if !f.Since.IsZero() && m.Time.Before(f.Since) {
		return false
	}
	if !f.Before.IsZero() && !m.Time.Before(f.Before) {
		return false
	}
	if query == "" {
		return true
	}
	for _, field := range []string{m.Number, m.To, m.Sign, m.Template, m.Text} {
		if strings.Contains(strings.ToLower(field), query) {
			return true
		}
	}
	return false
}

// find returns copies of the records f selects, newest first, and how many
// matched before Limit.
func (s *memStore) find(f Filter, now time.Time) ([]record, int) {
	number := ""
	if f.Number != "" {
		number = normalizeNumber(f.Number)
	}
	query := strings.ToLower(strings.TrimSpace(f.Query))
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked(now)
	var out []record
	total := 0
	for i := len(s.list) - 1; i >= 0; i-- {
		r := s.list[i]
		if !f.matches(&r.msg, number, query) {
			continue
		}
		total++
		if f.Limit > 0 && len(out) >= f.Limit {
			continue
		}
		c := *r
		out = append(out, c)
	}
	return out, total
}

// normalizeNumber writes a number in E.164 as the providers read it: 11
// digits starting with 1 (bare or after 86, 0086 or +86) are a mainland
// number, "+" and digits stay, other digits are a country code and number.
func normalizeNumber(n string) string {
	var b strings.Builder
	for _, c := range n {
		if c >= '0' && c <= '9' || c == '+' && b.Len() == 0 {
			b.WriteRune(c)
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "+"):
		return d
	case len(d) == 11 && d[0] == '1':
		return "+86" + d
	case strings.HasPrefix(d, "00"):
		return "+" + d[2:]
	case d == "":
		return ""
	}
	return "+" + d
}
