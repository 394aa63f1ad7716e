package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
)

// newFake returns a fake that refuses what the production provider would.
func newFake() *fake.Sender {
	return fake.MustNew(fake.Options{Rules: Production.Rules(), Templates: Templates})
}

func TestSendCodeThenVerify(t *testing.T) {
	sender := newFake()
	svc := &LoginService{Sender: sender}

	require.NoError(t, svc.SendCode(context.Background(), "138 0013 8000"))

	sender.AssertSent(t, fake.Match{To: "+8613800138000", Template: "login_code"})
	code := sender.Code(t, "13800138000", "code") // any number format
	assert.Len(t, code, 6)
	assert.False(t, svc.Verify("13800138000", "not-"+code), "a wrong code fails")
	assert.True(t, svc.Verify("+86 138 0013 8000", code), "the sent code works")
	assert.False(t, svc.Verify("13800138000", code), "a code works once")
}

func TestSendCode(t *testing.T) {
	const number = "+8613800138000"
	clock := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name       string
		number     string
		script     func(s *fake.Sender)
		wantErr    bool
		wantCalls  int // calls that reached the sender
		wantSent   int
		wantCodeOK bool          // the code in the (last) message verifies
		after      time.Duration // time passing before Verify
	}{
		{name: "sent", number: number, wantCalls: 1, wantSent: 1, wantCodeOK: true},
		{name: "expires after the TTL", number: number, wantCalls: 1, wantSent: 1, after: DefaultCodeTTL},
		{name: "valid just before the TTL", number: number, wantCalls: 1, wantSent: 1, wantCodeOK: true, after: DefaultCodeTTL - time.Second},
		{name: "invalid number: nothing sent", number: "12345", wantErr: true},
		{
			name: "rate limited: not sent, no code kept", number: number, wantErr: true, wantCalls: 1,
			script: func(s *fake.Sender) {
				s.FailNext(1, &sms.Error{Code: sms.RateLimited, NotAccepted: true, RetryAfter: time.Minute})
			},
		},
		{
			name: "answer lost: the code may arrive, so it is kept", number: number, wantErr: true, wantCalls: 1, wantCodeOK: true,
			script: func(s *fake.Sender) { s.FailNext(1, &sms.Error{Code: sms.Unknown, NotAccepted: false}) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := clock
			sender := newFake()
			if tt.script != nil {
				tt.script(sender)
			}
			svc := &LoginService{Sender: sender, Now: func() time.Time { return now }}

			err := svc.SendCode(context.Background(), tt.number)
			assert.Equal(t, tt.wantErr, err != nil, "error: %v", err)
			sender.AssertCount(t, tt.wantSent)

			records := sender.Records()
			require.Len(t, records, tt.wantCalls)
			if tt.wantCalls == 0 {
				return
			}
			code := records[0].Message.Params["code"] // sent or not, the code it carried
			now = now.Add(tt.after)
			assert.Equal(t, tt.wantCodeOK, svc.Verify(number, code))
		})
	}
}

func TestNewCodeReplacesTheOldOne(t *testing.T) {
	sender := newFake()
	codes := []string{"111111", "999999", "222222"} // the second is refused: too soon
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	svc := &LoginService{Sender: sender, Now: func() time.Time { return now }, NewCode: func() string {
		c := codes[0]
		codes = codes[1:]
		return c
	}}
	ctx := context.Background()
	require.NoError(t, svc.SendCode(ctx, "+8613800138000"))
	require.Error(t, svc.SendCode(ctx, "+8613800138000"), "a second code within a minute is refused")
	now = now.Add(time.Minute)
	require.NoError(t, svc.SendCode(ctx, "+8613800138000"))

	sender.AssertCount(t, 2)
	assert.Equal(t, "222222", sender.Code(t, "+8613800138000", "code"))
	assert.False(t, svc.Verify("+8613800138000", "111111"))
	assert.True(t, svc.Verify("+8613800138000", "222222"))
}

func TestRun(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(context.Background(), &out))
	assert.Contains(t, out.String(), `msg="sms dry run"`)
	assert.Contains(t, out.String(), "first use verifies: true\nsecond use verifies: false\n")
	assert.NotContains(t, out.String(), "13800138000", "the log line masks the number")
}
