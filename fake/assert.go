package fake

import (
	"strconv"
	"strings"
	"testing"
)

// The assertions below stop the test with t.Fatalf when they fail, like
// testify's require, so call them from the test's own goroutine. Their
// messages list every recorded call with full numbers and params: in a unit
// test those are the test's own data (see the package doc).

// AssertSent checks that an accepted message matches m and returns the record
// of the last one that does. On failure it lists every recorded call and how
// each accepted message differs from m.
func (s *Sender) AssertSent(t testing.TB, m Match) Record {
	t.Helper()
	records, want := s.Records(), m.normalized(s.base.Region)
	for i := len(records) - 1; i >= 0; i-- {
		if records[i].Accepted() && len(want.diff(records[i].Message)) == 0 {
			return records[i]
		}
	}
	t.Fatalf("fake: no accepted message matches %s\n%s", m, report(records, want))
	return Record{}
}

// AssertNotSent checks that no accepted message matches m. On failure it
// lists every recorded call.
func (s *Sender) AssertNotSent(t testing.TB, m Match) {
	t.Helper()
	records, want := s.Records(), m.normalized(s.base.Region)
	n := 0
	for _, r := range records {
		if r.Accepted() && len(want.diff(r.Message)) == 0 {
			n++
		}
	}
	if n > 0 {
		t.Fatalf("fake: %d accepted message(s) match %s, want none\n%s", n, m, report(records, want))
	}
}

// AssertCount checks that exactly n messages were accepted. On failure it
// lists every recorded call.
func (s *Sender) AssertCount(t testing.TB, n int) {
	t.Helper()
	records := s.Records()
	got := 0
	for _, r := range records {
		if r.Accepted() {
			got++
		}
	}
	if got != n {
		t.Fatalf("fake: %d message(s) accepted, want %d\n%s", got, n, report(records, Match{}))
	}
}

// Code returns the template param named param (such as "code", the
// verification code) of the last accepted message to number, in any format
// sms.Normalize accepts, read in the Sender's DefaultRegion: Last(number)'s.
// It fails the test when no message was accepted for number, or when that
// message has no such param.
func (s *Sender) Code(t testing.TB, number, param string) string {
	t.Helper()
	records, want := s.Records(), Match{To: number}.normalized(s.base.Region)
	for i := len(records) - 1; i >= 0; i-- {
		r := records[i]
		if !r.Accepted() || len(want.diff(r.Message)) > 0 {
			continue
		}
		v, ok := r.Message.Params[param]
		if !ok {
			t.Fatalf("fake: the last message to %s has no param %q: %s", strconv.Quote(number), param, formatMessage(r.Message))
		}
		return v
	}
	t.Fatalf("fake: no accepted message to %s\n%s", strconv.Quote(number), report(records, want))
	return ""
}

// report lists records for a failure message, with how each accepted one
// differs from m, whose To is normalized.
func report(records []Record, m Match) string {
	if len(records) == 0 {
		return "no calls to Send were recorded"
	}
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(records)) + " call(s) to Send recorded (full numbers and params: this test's own data):")
	for i, r := range records {
		b.WriteString("\n  #" + strconv.Itoa(i+1) + " ")
		if !r.Accepted() {
			b.WriteString("failed:   " + formatMessage(r.Message) + "\n      error: " + r.Err.Error())
			continue
		}
		b.WriteString("accepted: " + formatMessage(r.Message))
		for _, d := range m.diff(r.Message) {
			b.WriteString("\n      " + d)
		}
	}
	return b.String()
}
