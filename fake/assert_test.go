package fake_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
)

// recordingTB is a testing.TB whose Fatalf records the failure and stops the
// goroutine, as the real one does.
type recordingTB struct {
	testing.TB
	failed  bool
	message string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Fatalf(format string, args ...any) {
	r.failed, r.message = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// check runs an assertion against a recordingTB in its own goroutine, so
// that Fatalf can stop it, and returns what it reported.
func check(assertion func(t testing.TB)) *recordingTB {
	tb := &recordingTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		assertion(tb)
	}()
	<-done
	return tb
}

// sentFixture is a Sender that accepted two login codes, refused an invalid
// number and failed one scripted send.
func sentFixture(t *testing.T) *fake.Sender {
	s := fake.MustNew(fake.Options{})
	ctx := context.Background()
	_, err := s.Send(ctx, loginCode("+8613800138000", "111111"))
	require.NoError(t, err)
	_, err = s.Send(ctx, sms.Message{To: "+8613900139000", Template: "signup", Params: map[string]string{"code": "222222", "minutes": "5"}, Reference: "order-1"})
	require.NoError(t, err)
	_, err = s.Send(ctx, loginCode("12345", "333333"))
	require.Error(t, err)
	s.FailNext(1, &sms.Error{Code: sms.QuotaExceeded, NotAccepted: true})
	_, err = s.Send(ctx, loginCode("+8613800138000", "444444"))
	require.Error(t, err)
	return s
}

func TestAssertSent(t *testing.T) {
	tests := []struct {
		name         string
		match        fake.Match
		wantCode     string   // the returned record's code, when it passes
		wantInReport []string // in the failure message, when it fails
	}{
		{name: "by number in any format", match: fake.Match{To: "138 0013 8000"}, wantCode: "111111"},
		{name: "by template", match: fake.Match{Template: "signup"}, wantCode: "222222"},
		{name: "params are a subset", match: fake.Match{Params: map[string]string{"minutes": "5"}}, wantCode: "222222"},
		{name: "every field", match: fake.Match{To: "+8613900139000", Template: "signup", Params: map[string]string{"code": "222222"}, Reference: "order-1"}, wantCode: "222222"},
		{name: "empty match finds the last accepted", match: fake.Match{}, wantCode: "222222"},
		{
			name:  "wrong param value",
			match: fake.Match{To: "+8613800138000", Params: map[string]string{"code": "999999"}},
			wantInReport: []string{
				`no accepted message matches {To: "+8613800138000", Params: {code: "999999"}}`,
				"4 call(s) to Send recorded",
				"this test's own data",
				`#1 accepted: To: "+8613800138000", Template: "login_code", Params: {code: "111111"}`,
				`Params["code"]: got "111111", want "999999"`,
				`To: got "+8613900139000", want "+8613800138000"`,
				`#3 failed:   To: "12345"`,
				"invalid argument",
				`#4 failed:   To: "+8613800138000", Template: "login_code", Params: {code: "444444"}`,
				"quota exceeded",
			},
		},
		{
			name:         "missing param",
			match:        fake.Match{Template: "login_code", Params: map[string]string{"minutes": "5"}},
			wantInReport: []string{`Params["minutes"]: missing, want "5"`},
		},
		{
			name:         "failed sends never match",
			match:        fake.Match{Params: map[string]string{"code": "444444"}},
			wantInReport: []string{"#4 failed"},
		},
		{
			name:         "other fields",
			match:        fake.Match{Body: "hi", Sign: "Acme", Reference: "order-2"},
			wantInReport: []string{`Body: got "", want "hi"`, `Sign: got "", want "Acme"`, `Reference: got "order-1", want "order-2"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sentFixture(t)
			var rec fake.Record
			tb := check(func(t testing.TB) { rec = s.AssertSent(t, tt.match) })
			if tt.wantInReport == nil {
				require.False(t, tb.failed, tb.message)
				assert.Equal(t, tt.wantCode, rec.Message.Params["code"])
				assert.True(t, rec.Accepted())
				return
			}
			require.True(t, tb.failed, "AssertSent must fail")
			for _, want := range tt.wantInReport {
				assert.Contains(t, tb.message, want)
			}
		})
	}
}

func TestAssertNotSentCountAndCode(t *testing.T) {
	tests := []struct {
		name         string
		assertion    func(s *fake.Sender, t testing.TB)
		wantInReport []string // nil: the assertion passes
	}{
		{name: "NotSent passes", assertion: func(s *fake.Sender, t testing.TB) {
			s.AssertNotSent(t, fake.Match{To: "+12015550123"})
			s.AssertNotSent(t, fake.Match{Params: map[string]string{"code": "444444"}}) // failed: not sent
		}},
		{name: "NotSent fails", assertion: func(s *fake.Sender, t testing.TB) {
			s.AssertNotSent(t, fake.Match{Template: "login_code"})
		}, wantInReport: []string{`1 accepted message(s) match {Template: "login_code"}, want none`, "#1 accepted"}},
		{name: "Count passes", assertion: func(s *fake.Sender, t testing.TB) { s.AssertCount(t, 2) }},
		{name: "Count fails", assertion: func(s *fake.Sender, t testing.TB) { s.AssertCount(t, 3) },
			wantInReport: []string{"2 message(s) accepted, want 3", "4 call(s) to Send recorded"}},
		{name: "Code passes", assertion: func(s *fake.Sender, t testing.TB) {
			if got := s.Code(t, "139 0013 9000", "code"); got != "222222" {
				t.Fatalf("Code = %q", got)
			}
		}},
		{name: "Code ignores failed sends", assertion: func(s *fake.Sender, t testing.TB) {
			if got := s.Code(t, "+8613800138000", "code"); got != "111111" {
				t.Fatalf("Code = %q", got)
			}
		}},
		{name: "Code without a message", assertion: func(s *fake.Sender, t testing.TB) { s.Code(t, "+12015550123", "code") },
			wantInReport: []string{`no accepted message to "+12015550123"`, `To: got "+8613800138000", want "+12015550123"`}},
		{name: "Code without the param", assertion: func(s *fake.Sender, t testing.TB) { s.Code(t, "+8613800138000", "pin") },
			wantInReport: []string{`the last message to "+8613800138000" has no param "pin"`, `Params: {code: "111111"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sentFixture(t)
			tb := check(func(t testing.TB) { tt.assertion(s, t) })
			if tt.wantInReport == nil {
				assert.False(t, tb.failed, tb.message)
				return
			}
			require.True(t, tb.failed, "the assertion must fail")
			for _, want := range tt.wantInReport {
				assert.Contains(t, tb.message, want)
			}
		})
	}
}

func TestReportShowsEveryField(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	_, err := s.Send(context.Background(), sms.Message{To: "+8613800138000", Body: "hi there", Sign: "Acme", Reference: "r-1"})
	require.NoError(t, err)
	tb := check(func(t testing.TB) { s.AssertSent(t, fake.Match{Template: "login_code"}) })
	require.True(t, tb.failed)
	assert.Contains(t, tb.message, `#1 accepted: To: "+8613800138000", Body: "hi there", Sign: "Acme", Reference: "r-1"`)
}

func TestAssertOnAnEmptySender(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	tb := check(func(t testing.TB) { s.AssertSent(t, fake.Match{}) })
	assert.True(t, tb.failed)
	assert.Contains(t, tb.message, "no calls to Send were recorded")
	assert.False(t, check(func(t testing.TB) { s.AssertCount(t, 0) }).failed)
}

func TestAssertionsWithARealT(t *testing.T) {
	s := sentFixture(t)
	rec := s.AssertSent(t, fake.Match{Template: "login_code"})
	assert.Equal(t, "111111", rec.Message.Params["code"])
	s.AssertNotSent(t, fake.Match{Template: "reset_password"})
	s.AssertCount(t, 2)
	assert.Equal(t, "222222", s.Code(t, "13900139000", "code"))
}
