package verify_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/verify"
)

func mustMiddlewareStore(t testing.TB, perMinute int) middleware.Store {
	s, err := middleware.NewMemoryStore(middleware.MemoryStoreOptions{Policy: middleware.Policy{{Limit: perMinute, Per: time.Minute}}})
	require.NoError(t, err)
	return s
}

func TestGuardRegions(t *testing.T) {
	tests := []struct {
		name  string
		opts  verify.GuardOptions
		to    string
		allow bool
	}{
		{"default region", verify.GuardOptions{}, alice, true},
		{"other region by default", verify.GuardOptions{}, "+14155552671", false},
		{"allowed", verify.GuardOptions{Allow: []string{"CN", "US"}}, "+14155552671", true},
		{"not in list", verify.GuardOptions{Allow: []string{"US"}}, alice, false},
		{"any region", verify.GuardOptions{AnyRegion: true}, "+447911123456", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			tt.opts.Now = e.clock.Now
			g, err := verify.Guard(e.local, tt.opts)
			require.NoError(t, err)
			_, err = g.Start(ctx, verify.Request{To: tt.to})
			if tt.allow {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, middleware.ErrDestinationNotAllowed)
			assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
			assert.True(t, sms.IsNotAccepted(err))
			assert.NotContains(t, err.Error(), tt.to[1:])
			assert.Zero(t, e.sender.Len())
		})
	}
}

func TestGuardOptions(t *testing.T) {
	e := newEnv(t, nil)
	for _, opts := range []verify.GuardOptions{
		{DefaultRegion: "XX"},
		{Allow: []string{"cn"}},
		{Allow: []string{"ZZ"}},
	} {
		_, err := verify.Guard(e.local, opts)
		require.ErrorIs(t, err, sms.ErrInvalidOptions, "%+v", opts)
	}
	_, err := verify.Guard(nil, verify.GuardOptions{})
	require.ErrorIs(t, err, sms.ErrInvalidOptions)
}

func TestGuardRecipientLimit(t *testing.T) {
	e := newEnv(t, func(o *verify.Options) { o.Interval = -1 })
	g, err := verify.Guard(e.local, verify.GuardOptions{Now: e.clock.Now})
	require.NoError(t, err)
	// AliyunCodePolicy: 1 a minute, 5 an hour, 10 a day, across purposes.
	_, err = g.Start(ctx, verify.Request{To: alice, Purpose: "login"})
	require.NoError(t, err)
	_, err = g.Start(ctx, verify.Request{To: alice, Purpose: "reset"})
	var se *sms.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, sms.RateLimited, se.Code)
	assert.True(t, se.NotAccepted)
	assert.True(t, se.PerRecipient)
	assert.Equal(t, time.Minute, se.RetryAfter)
	_, err = g.Start(ctx, verify.Request{To: bob, Purpose: "login"})
	require.NoError(t, err, "other recipients are unaffected")
	for range 4 {
		e.clock.Advance(time.Minute)
		_, err = g.Start(ctx, verify.Request{To: alice, Purpose: "login"})
		require.NoError(t, err)
	}
	e.clock.Advance(time.Minute)
	_, err = g.Start(ctx, verify.Request{To: alice, Purpose: "login"})
	assert.Equal(t, sms.RateLimited, sms.CodeOf(err), "5 an hour")
}

func TestGuardKeyLimits(t *testing.T) {
	e := newEnv(t, func(o *verify.Options) { o.Interval = -1 })
	g, err := verify.Guard(e.local, verify.GuardOptions{Now: e.clock.Now, AnyRegion: true})
	require.NoError(t, err)
	// KeySendPolicy: 5 a minute per key, to any numbers.
	for i := range 5 {
		_, err := g.Start(ctx, verify.Request{To: "+861380013800" + string(rune('0'+i)), Key: "203.0.113.9"})
		require.NoError(t, err)
	}
	_, err = g.Start(ctx, verify.Request{To: "+8613800138009", Key: "203.0.113.9"})
	var se *sms.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, sms.RateLimited, se.Code)
	assert.False(t, se.PerRecipient)
	assert.NotContains(t, err.Error(), "203.0.113.9")
	_, err = g.Start(ctx, verify.Request{To: "+8613800138009", Key: "203.0.113.10"})
	require.NoError(t, err, "another key")
	_, err = g.Start(ctx, verify.Request{To: "+8613800138008"})
	require.NoError(t, err, "no key")

	// KeyCheckPolicy: 10 a minute per key, across verifications.
	for i := range 10 {
		_, err := g.Check(ctx, verify.Check{To: "+861380013800" + string(rune('0'+i%5)), Code: "000000", Key: "203.0.113.9"})
		require.NoError(t, err)
	}
	_, err = g.Check(ctx, verify.Check{To: alice, Code: "000000", Key: "203.0.113.9"})
	assert.Equal(t, sms.RateLimited, sms.CodeOf(err))
	e.clock.Advance(time.Minute)
	_, err = g.Check(ctx, verify.Check{To: alice, Code: "000000", Key: "203.0.113.9"})
	require.NoError(t, err)
}

func TestGuardUnwrap(t *testing.T) {
	e := newEnv(t, nil)
	g, err := verify.NewGuarded(e.opts, verify.GuardOptions{})
	require.NoError(t, err)
	l, ok := g.Unwrap().(*verify.Local)
	require.True(t, ok)
	assert.NotNil(t, l)
	// NewGuarded takes the backend's clock and region.
	_, err = g.Start(ctx, verify.Request{To: "13800138000"})
	require.NoError(t, err)
	_, err = g.Start(ctx, verify.Request{To: "13800138000"})
	require.Error(t, err)
	e.clock.Advance(time.Minute)
	_, err = g.Start(ctx, verify.Request{To: "13800138000"})
	require.NoError(t, err)
}
