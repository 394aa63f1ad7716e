package aliyunverify_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/aliyunverify"
	"github.com/smskit/sms/verify"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var ctx = context.Background()

// wrong is the outcome of every check that does not pass.
var wrong = verify.Outcome{Status: verify.WrongCode, AttemptsLeft: -1}

// approved is the outcome of a check that passes.
var approved = verify.Outcome{Status: verify.Approved}

func TestRoundTrip(t *testing.T) {
	e := newEnv(t, nil)
	ver, err := e.v.Start(ctx, verify.Request{To: e164, Purpose: "login"})
	require.NoError(t, err)
	assert.NotEmpty(t, ver.ID)
	assert.Equal(t, ver.ID, ver.Result.MessageID)
	assert.Equal(t, "aliyun", ver.Result.Provider)
	assert.NotEmpty(t, ver.Result.RequestID)
	assert.Equal(t, start.Add(5*time.Minute), ver.Expires)
	assert.Equal(t, start.Add(time.Minute), ver.ResendAfter)

	code := e.lastCode(t)
	require.Len(t, code, aliyunverify.DefaultCodeLength)
	msg, ok := e.srv.LastMessageTo(national)
	require.True(t, ok)
	assert.Equal(t, code, msg.Params["code"])
	assert.Equal(t, code, msg.VerifyCode)
	assert.Contains(t, msg.Content, code)
	assert.Equal(t, "SendSmsVerifyCode", msg.Action)

	out, err := e.v.Check(ctx, verify.Check{To: national, Purpose: "login", Code: code})
	require.NoError(t, err)
	assert.Equal(t, approved, out)

	// Used: the same code never passes again.
	out, err = e.v.Check(ctx, verify.Check{To: national, Purpose: "login", Code: code})
	require.NoError(t, err)
	assert.Equal(t, wrong, out)
}

func TestCheckOutcomes(t *testing.T) {
	tests := []struct {
		name    string
		options func(*aliyunverify.Options)
		// before the check: advance the clock, or resend.
		advance time.Duration
		check   func(code string) verify.Check
		want    verify.Outcome
	}{
		{name: "right code", check: func(code string) verify.Check { return verify.Check{To: e164, Code: code} },
			want: approved},
		{name: "national form", check: func(code string) verify.Check { return verify.Check{To: national, Code: code} },
			want: approved},
		{name: "wrong code", check: func(code string) verify.Check { return verify.Check{To: e164, Code: flip(code)} },
			want: wrong},
		{name: "other purpose", check: func(code string) verify.Check {
			return verify.Check{To: e164, Purpose: "reset", Code: code}
		}, want: wrong},
		{name: "other number", check: func(code string) verify.Check { return verify.Check{To: "13900139000", Code: code} },
			want: wrong},
		{name: "just before expiry", advance: 5*time.Minute - time.Second,
			check: func(code string) verify.Check { return verify.Check{To: e164, Code: code} }, want: approved},
		{name: "expired (Aliyun says UNKNOWN)", advance: 5 * time.Minute,
			check: func(code string) verify.Check { return verify.Check{To: e164, Code: code} }, want: wrong},
		{name: "ValidTime option", options: func(o *aliyunverify.Options) { o.ValidTime = time.Minute },
			advance: time.Minute, check: func(code string) verify.Check { return verify.Check{To: e164, Code: code} },
			want: wrong},
		{name: "wrong length, no call", check: func(code string) verify.Check { return verify.Check{To: e164, Code: code + "0"} },
			want: wrong},
		{name: "letters for digits, no call", check: func(string) verify.Check { return verify.Check{To: e164, Code: "abcdef"} },
			want: wrong},
		{name: "letter codes", options: func(o *aliyunverify.Options) { o.CodeType = 7; o.CodeLength = 8 },
			check: func(code string) verify.Check { return verify.Check{To: e164, Code: code} }, want: approved},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.options)
			_, err := e.v.Start(ctx, verify.Request{To: e164})
			require.NoError(t, err)
			e.clock.Advance(tt.advance)
			out, err := e.v.Check(ctx, tt.check(e.lastCode(t)))
			require.NoError(t, err)
			assert.Equal(t, tt.want, out)
		})
	}
}

// flip returns code with its first digit changed.
func flip(code string) string {
	b := []byte(code)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}

func TestWrongCodeLeavesTheRightOne(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.v.Start(ctx, verify.Request{To: e164})
	require.NoError(t, err)
	code := e.lastCode(t)
	for range 3 {
		out, err := e.v.Check(ctx, verify.Check{To: e164, Code: flip(code)})
		require.NoError(t, err)
		assert.Equal(t, wrong, out)
	}
	out, err := e.v.Check(ctx, verify.Check{To: e164, Code: code})
	require.NoError(t, err)
	assert.Equal(t, approved, out)
}

func TestIntervalRefusal(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.v.Start(ctx, verify.Request{To: e164})
	require.NoError(t, err)
	first := e.lastCode(t)

	e.clock.Advance(59 * time.Second)
	_, err = e.v.Start(ctx, verify.Request{To: national})
	se := requireSMSError(t, err)
	assert.Equal(t, sms.RateLimited, se.Code)
	assert.True(t, se.NotAccepted)
	assert.True(t, se.PerRecipient)
	assert.Equal(t, time.Minute, se.RetryAfter)
	assert.Equal(t, "biz.FREQUENCY", se.ProviderCode)
	assert.Equal(t, "aliyun", se.Provider)
	code, _ := e.srv.LastVerifyCode(national)
	assert.Equal(t, first, code, "no second code was sent")

	// Another purpose has its own interval.
	_, err = e.v.Start(ctx, verify.Request{To: national, Purpose: "reset"})
	require.NoError(t, err)

	e.clock.Advance(time.Second)
	_, err = e.v.Start(ctx, verify.Request{To: national})
	require.NoError(t, err)
}

func TestDuplicatePolicy(t *testing.T) {
	tests := []struct {
		policy    verify.DuplicatePolicy
		firstPass bool
	}{
		{verify.ReplaceOld, false},
		{verify.KeepAll, true},
	}
	for _, tt := range tests {
		t.Run(map[verify.DuplicatePolicy]string{verify.ReplaceOld: "ReplaceOld", verify.KeepAll: "KeepAll"}[tt.policy], func(t *testing.T) {
			e := newEnv(t, func(o *aliyunverify.Options) { o.DuplicatePolicy = tt.policy })
			_, err := e.v.Start(ctx, verify.Request{To: e164})
			require.NoError(t, err)
			first := e.lastCode(t)
			e.clock.Advance(time.Minute)
			_, err = e.v.Start(ctx, verify.Request{To: e164})
			require.NoError(t, err)
			second := e.lastCode(t)
			if first == second {
				t.Skip("the emulator drew the same code twice") // one chance in a million
			}
			out, err := e.v.Check(ctx, verify.Check{To: e164, Code: first})
			require.NoError(t, err)
			if tt.firstPass {
				assert.Equal(t, approved, out)
				return
			}
			assert.Equal(t, wrong, out)
			out, err = e.v.Check(ctx, verify.Check{To: e164, Code: second})
			require.NoError(t, err)
			assert.Equal(t, approved, out)
		})
	}
}

// TestRefusedBeforeAnyRequest: what this backend cannot serve is refused
// as InvalidArgument, not accepted, and nothing reaches Aliyun.
func TestRefusedBeforeAnyRequest(t *testing.T) {
	tests := []struct {
		name  string
		start *verify.Request
		check *verify.Check
		ctx   context.Context
		is    error
	}{
		{name: "caller's code", start: &verify.Request{To: e164, Code: "123456"}, is: errors.ErrUnsupported},
		{name: "international number", start: &verify.Request{To: "+14155550100"}, is: sms.ErrInvalidNumber},
		{name: "Hong Kong number", check: &verify.Check{To: "+85291234567", Code: "123456"}, is: sms.ErrInvalidNumber},
		{name: "not a number", start: &verify.Request{To: "12"}, is: sms.ErrInvalidNumber},
		{name: "too long", start: &verify.Request{To: e164 + "                                                          1"}, is: sms.ErrInvalidNumber},
		{name: "purpose with a space", start: &verify.Request{To: e164, Purpose: "log in"}},
		{name: "empty code", check: &verify.Check{To: e164}},
		{name: "nil context, start", start: &verify.Request{To: e164}, ctx: nilContext(), is: sms.ErrNilContext},
		{name: "nil context, check", check: &verify.Check{To: e164, Code: "123456"}, ctx: nilContext(), is: sms.ErrNilContext},
		{name: "nil context, check of no code", check: &verify.Check{To: e164, Code: "1"}, ctx: nilContext(), is: sms.ErrNilContext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			c := ctx
			if tt.name[:3] == "nil" {
				c = tt.ctx
			}
			var err error
			if tt.start != nil {
				_, err = e.v.Start(c, *tt.start)
			} else {
				var out verify.Outcome
				out, err = e.v.Check(c, *tt.check)
				assert.Equal(t, verify.Outcome{}, out)
			}
			se := requireSMSError(t, err)
			assert.Equal(t, sms.InvalidArgument, se.Code)
			assert.True(t, se.NotAccepted)
			assert.Equal(t, "aliyun", se.Provider)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.Zero(t, e.srv.Requests("SendSmsVerifyCode")+e.srv.Requests("CheckSmsVerifyCode"))
		})
	}
}

// nilContext hides a nil context from vet.
func nilContext() context.Context { return nil }

func TestCanceledContextSendsNothing(t *testing.T) {
	e := newEnv(t, nil)
	c, cancel := context.WithCancel(ctx)
	cancel()
	_, err := e.v.Start(c, verify.Request{To: e164})
	se := requireSMSError(t, err)
	assert.Equal(t, sms.Canceled, se.Code)
	assert.True(t, se.NotAccepted)
	assert.Zero(t, e.srv.Requests("SendSmsVerifyCode"))
}

// requireSMSError returns err as an *sms.Error.
func requireSMSError(t *testing.T, err error) *sms.Error {
	t.Helper()
	require.Error(t, err)
	se, ok := errors.AsType[*sms.Error](err)
	require.True(t, ok, "%T is not an *sms.Error: %v", err, err)
	return se
}
