package twilioverify_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio/twilioverify"
	"github.com/smskit/sms/verify"
)

func TestRoundTrip(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	got, err := e.v.Start(ctx, verify.Request{To: recipient})
	require.NoError(t, err)
	assert.Regexp(t, `^VE[0-9a-f]{32}$`, got.ID)
	assert.Equal(t, start.Add(twilioverify.DefaultValidFor), got.Expires)
	assert.Equal(t, start, got.ResendAfter, "twilio has no resend interval")
	assert.Equal(t, 1, got.Sends)
	assert.Equal(t, twilioverify.Name, got.Result.Provider)
	assert.Regexp(t, `^RQ[0-9a-f]{32}$`, got.Result.RequestID)

	code := e.code(t)
	assert.Len(t, code, 6)
	msgs := e.srv.MessagesTo(recipient)
	require.Len(t, msgs, 1, "the SMS is recorded as a message")
	assert.Contains(t, msgs[0].Body, code)

	out, err := e.v.Check(ctx, verify.Check{To: recipient, Code: code})
	require.NoError(t, err)
	assert.Equal(t, verify.Outcome{Status: verify.Approved}, out)
	assert.True(t, out.Approved())

	out, err = e.v.Check(ctx, verify.Check{To: recipient, Code: code})
	require.NoError(t, err)
	assert.Equal(t, verify.NotFound, out.Status, "an approved code is consumed")
}

func TestNationalNumber(t *testing.T) {
	e := newEnv(t, func(o *twilioverify.Options) { o.DefaultRegion = "US" })
	_, err := e.v.Start(t.Context(), verify.Request{To: "(415) 555-2671"})
	require.NoError(t, err)
	out, err := e.v.Check(t.Context(), verify.Check{To: national, Code: e.code(t)})
	require.NoError(t, err)
	assert.Equal(t, verify.Approved, out.Status)
}

func TestWrongCode(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	_, err := e.v.Start(ctx, verify.Request{To: recipient})
	require.NoError(t, err)
	code := e.code(t)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	out, err := e.v.Check(ctx, verify.Check{To: recipient, Code: wrong})
	require.NoError(t, err)
	assert.Equal(t, verify.Outcome{Status: verify.WrongCode, AttemptsLeft: -1}, out, "twilio does not say how many are left")
	assert.Equal(t, "wrong code", out.String())

	out, err = e.v.Check(ctx, verify.Check{To: recipient, Code: code})
	require.NoError(t, err)
	assert.Equal(t, verify.Approved, out.Status, "a wrong code leaves the verification pending")
}

func TestExpiry(t *testing.T) {
	tests := []struct {
		name    string
		advance time.Duration
		want    verify.Status
	}{
		{"just before", twilioverify.DefaultValidFor - time.Second, verify.Approved},
		{"at expiry", twilioverify.DefaultValidFor, verify.NotFound},
		{"long after", 3 * time.Hour, verify.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			_, err := e.v.Start(t.Context(), verify.Request{To: recipient})
			require.NoError(t, err)
			e.clock.Advance(tt.advance)
			out, err := e.v.Check(t.Context(), verify.Check{To: recipient, Code: e.code(t)})
			require.NoError(t, err)
			assert.Equal(t, tt.want, out.Status, "twilio forgets an expired verification: NotFound, not Expired")
		})
	}
}

func TestValidForOption(t *testing.T) {
	e := newEnv(t, func(o *twilioverify.Options) { o.ValidFor = 5 * time.Minute })
	got, err := e.v.Start(t.Context(), verify.Request{To: recipient})
	require.NoError(t, err)
	assert.Equal(t, start.Add(5*time.Minute), got.Expires)
	assert.Equal(t, 5*time.Minute, e.v.ValidFor())

	e.clock.Advance(time.Minute)
	again, err := e.v.Start(t.Context(), verify.Request{To: recipient})
	require.NoError(t, err)
	assert.Equal(t, got.ID, again.ID, "a resend continues the verification")
	assert.Equal(t, got.Expires, again.Expires, "the validity runs from the verification's start")
	assert.Equal(t, 2, again.Sends)
}

func TestCheckLimit(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	_, err := e.v.Start(ctx, verify.Request{To: recipient})
	require.NoError(t, err)
	code := e.code(t)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	for i := range twilioverify.MaxChecks {
		out, err := e.v.Check(ctx, verify.Check{To: recipient, Code: wrong})
		require.NoError(t, err)
		assert.Equal(t, verify.WrongCode, out.Status, "check %d", i+1)
	}
	out, err := e.v.Check(ctx, verify.Check{To: recipient, Code: code})
	require.NoError(t, err)
	assert.Equal(t, verify.TooManyAttempts, out.Status, "the sixth check, even with the right code (60202)")

	_, err = e.v.Start(ctx, verify.Request{To: recipient})
	require.NoError(t, err, "a new verification after max attempts")
	out, err = e.v.Check(ctx, verify.Check{To: recipient, Code: e.code(t)})
	require.NoError(t, err)
	assert.Equal(t, verify.Approved, out.Status)
}

func TestSendLimit(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	var first string
	for i := range twilioverify.MaxSends {
		got, err := e.v.Start(ctx, verify.Request{To: recipient})
		require.NoError(t, err, "send %d", i+1)
		assert.Equal(t, i+1, got.Sends)
		if i == 0 {
			first = e.code(t)
		}
		assert.Equal(t, first, e.code(t), "twilio sends the same code while it is valid")
	}
	_, err := e.v.Start(ctx, verify.Request{To: recipient})
	require.Error(t, err)
	var se *sms.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, sms.RateLimited, se.Code)
	assert.True(t, se.PerRecipient, "60203 concerns this recipient only")
	assert.True(t, se.NotAccepted)
	assert.Equal(t, "60203", se.ProviderCode)
	assert.Equal(t, twilioverify.Name, se.Provider)
	assert.Len(t, e.srv.MessagesTo(recipient), twilioverify.MaxSends, "the refused send sent nothing")

	out, err := e.v.Check(ctx, verify.Check{To: recipient, Code: first})
	require.NoError(t, err)
	assert.Equal(t, verify.Approved, out.Status, "the pending code still works")

	e.clock.Advance(twilioverify.DefaultValidFor)
	_, err = e.v.Start(ctx, verify.Request{To: recipient})
	require.NoError(t, err, "a new verification once the old one is gone")
}

func TestCustomCode(t *testing.T) {
	tests := []struct {
		code string
		ok   bool
	}{
		{"4321", true},
		{"12345678ab", true},
		{"AbC987", true},
		{"123", false},
		{"12345678901", false},
		{"12 34", false},
		{"１２３４", false}, // full-width digits
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			e := newEnv(t, nil)
			_, err := e.v.Start(t.Context(), verify.Request{To: recipient, Code: tt.code})
			if !tt.ok {
				require.Error(t, err)
				assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
				assert.True(t, sms.IsNotAccepted(err))
				assert.NotContains(t, err.Error(), tt.code)
				assert.Zero(t, e.srv.Requests(), "refused before any request")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.code, e.code(t))
			out, err := e.v.Check(t.Context(), verify.Check{To: recipient, Code: tt.code})
			require.NoError(t, err)
			assert.Equal(t, verify.Approved, out.Status)
		})
	}
}

func TestPurposes(t *testing.T) {
	e := newEnv(t, func(o *twilioverify.Options) {
		o.Services = map[string]string{"login": loginService, "reset": resetService}
	})
	ctx := t.Context()
	_, err := e.v.Start(ctx, verify.Request{To: recipient, Purpose: "login", Code: "1111"})
	require.NoError(t, err)
	_, err = e.v.Start(ctx, verify.Request{To: recipient, Purpose: "reset", Code: "2222"})
	require.NoError(t, err)

	out, err := e.v.Check(ctx, verify.Check{To: recipient, Purpose: "reset", Code: "1111"})
	require.NoError(t, err)
	assert.Equal(t, verify.WrongCode, out.Status, "a login code never approves a reset")
	out, err = e.v.Check(ctx, verify.Check{To: recipient, Code: "1111"})
	require.NoError(t, err)
	assert.Equal(t, verify.NotFound, out.Status, "nor the default purpose")
	out, err = e.v.Check(ctx, verify.Check{To: recipient, Purpose: "login", Code: "1111"})
	require.NoError(t, err)
	assert.Equal(t, verify.Approved, out.Status)
	out, err = e.v.Check(ctx, verify.Check{To: recipient, Purpose: "reset", Code: "2222"})
	require.NoError(t, err)
	assert.Equal(t, verify.Approved, out.Status)

	requests := e.srv.Requests()
	_, err = e.v.Start(ctx, verify.Request{To: recipient, Purpose: "signup"})
	require.Error(t, err)
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	assert.Contains(t, err.Error(), `"signup"`)
	_, err = e.v.Check(ctx, verify.Check{To: recipient, Purpose: "signup", Code: "1234"})
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	assert.Equal(t, requests, e.srv.Requests(), "refused before any request")
}

func TestBadInput(t *testing.T) {
	e := newEnv(t, nil)
	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		req   verify.Request
		check verify.Check
		code  sms.Code
	}{
		{"nil context", nil, verify.Request{To: recipient}, verify.Check{To: recipient, Code: "123456"}, sms.InvalidArgument},
		{"canceled", canceled, verify.Request{To: recipient}, verify.Check{To: recipient, Code: "123456"}, sms.Canceled},
		{"bad number", t.Context(), verify.Request{To: "+1415555"}, verify.Check{To: "+1415555", Code: "123456"}, sms.InvalidArgument},
		{"no number", t.Context(), verify.Request{}, verify.Check{Code: "123456"}, sms.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.v.Start(tt.ctx, tt.req) //nolint:staticcheck // a nil context is refused
			require.Error(t, err)
			assert.Equal(t, tt.code, sms.CodeOf(err))
			assert.True(t, sms.IsNotAccepted(err))
			assert.Contains(t, err.Error(), "twilio")
			_, err = e.v.Check(tt.ctx, tt.check) //nolint:staticcheck
			require.Error(t, err)
			assert.Equal(t, tt.code, sms.CodeOf(err))
		})
	}
	for _, code := range []string{"", "123", "12345678901", "12-34", "123456\n"} {
		_, err := e.v.Check(t.Context(), verify.Check{To: recipient, Code: code})
		require.Error(t, err, "code %q", code)
		assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	}
	assert.Zero(t, e.srv.Requests())
}

func TestKeyAsDeviceIP(t *testing.T) {
	e := newEnv(t, func(o *twilioverify.Options) { o.RateLimitKey = "end_user_ip"; o.Locale = "en" })
	var forms []map[string][]string
	e.srv.SetFaults(func(r twiliotestRequest) twiliotestFault {
		forms = append(forms, r.Form)
		return twiliotestFault{}
	})
	for _, key := range []string{"203.0.113.7", "2001:db8::1", "account-42", ""} {
		_, err := e.v.Start(t.Context(), verify.Request{To: recipient, Key: key})
		require.NoError(t, err, key)
	}
	require.Len(t, forms, 4)
	assert.Equal(t, []string{"203.0.113.7"}, forms[0]["DeviceIp"])
	assert.Equal(t, []string{"2001:db8::1"}, forms[1]["DeviceIp"])
	assert.Nil(t, forms[2]["DeviceIp"], "a key that is no IP is not a DeviceIp")
	assert.Equal(t, []string{`{"end_user_ip":"account-42"}`}, forms[2]["RateLimits"])
	assert.Nil(t, forms[3]["RateLimits"], "no key, no rate limit value")
	assert.Equal(t, []string{"en"}, forms[0]["Locale"])
	assert.Equal(t, []string{"sms"}, forms[0]["Channel"])
}
