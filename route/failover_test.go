package route_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/route"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// failsOverWhenNotAccepted is the specification: for each code, whether a
// definitely-not-accepted failure moves the message to the next provider.
var failsOverWhenNotAccepted = map[sms.Code]bool{
	sms.OK:               false,
	sms.Unknown:          false,
	sms.InvalidArgument:  false, // the number or params would fail anywhere
	sms.PermissionDenied: true,  // credentials, sign or template not approved
	sms.QuotaExceeded:    true,  // balance, account-wide cap
	sms.RateLimited:      true,  // provider-wide; per-recipient codes excepted below
	sms.Unavailable:      true,  // outage, open breaker
	sms.Canceled:         false, // the caller's cancellation
	sms.DeadlineExceeded: false, // the caller's deadline
	sms.Code(99):         false, // a code from the future
}

// providerCodes are ProviderCode variants: none, Aliyun's per-number
// limit, Aliyun's provider-wide throttling, an unrelated code.
var providerCodes = []string{"", "isv.BUSINESS_LIMIT_CONTROL", "Throttling.User", "isp.SYSTEM_ERROR"}

// sendOnce routes one message through primary then backup with opts and
// reports the error and whether backup was tried.
func sendOnce(t *testing.T, opts route.Options, primary *stub) (sms.Result, error, bool) {
	t.Helper()
	backup := working("backup")
	opts.Routes = []route.Route{{Targets: []route.Target{
		{Name: "primary", Sender: primary},
		{Name: "backup", Sender: backup},
	}}}
	r, err := route.New(opts)
	require.NoError(t, err)
	res, err := r.Send(context.Background(), msg(1))
	require.EqualValues(t, 1, primary.calls.Load(), "primary is always tried once")
	return res, err, backup.calls.Load() > 0
}

func TestFailOverEveryErrorClass(t *testing.T) {
	for code, whenNotAccepted := range failsOverWhenNotAccepted {
		for _, notAccepted := range []bool{true, false} {
			for _, pc := range providerCodes {
				// Providers mark their per-recipient limits, as Aliyun does
				// isv.BUSINESS_LIMIT_CONTROL.
				perRecipient := pc == "isv.BUSINESS_LIMIT_CONTROL"
				want := notAccepted && whenNotAccepted && !(perRecipient && code == sms.RateLimited)
				name := fmt.Sprintf("%s/notAccepted=%t/%q", code, notAccepted, pc)
				t.Run(name, func(t *testing.T) {
					fail := &sms.Error{Code: code, NotAccepted: notAccepted, Provider: "p", ProviderCode: pc,
						PerRecipient: perRecipient, Message: "scripted"}
					res, err, tried := sendOnce(t, route.Options{}, failing("primary", fail))
					assert.Equal(t, want, tried, "backup tried")
					assert.Equal(t, want, route.DefaultFailOver(fail), "DefaultFailOver")
					if want {
						require.NoError(t, err)
						assert.Equal(t, "backup", res.Provider)
						assert.Equal(t, 2, res.Attempts)
						return
					}
					require.Error(t, err)
					assert.Equal(t, code, sms.CodeOf(err), "the router's code is the deciding failure's")
					assert.Equal(t, notAccepted, sms.IsNotAccepted(err))
					assert.ErrorIs(t, err, fail)
				})
			}
		}
	}
}

func TestFailOverSpecialCases(t *testing.T) {
	unavailable := &sms.Error{Code: sms.Unavailable, NotAccepted: true, Message: "outage"}
	tests := []struct {
		name     string
		err      error
		failOver func(error) bool
		want     bool
	}{
		{"plain error: unclassified, may have been accepted", errors.New("connection reset"), nil, false},
		{"raw context.Canceled", context.Canceled, nil, false},
		{"raw context.DeadlineExceeded", context.DeadlineExceeded, nil, false},
		{"wrapped *sms.Error is found", fmt.Errorf("client: %w", unavailable), nil, true},
		{"per-attempt timeout before the write", sms.ContextError(context.DeadlineExceeded, true), nil, false},
		{"per-recipient limit with RetryAfter", &sms.Error{Code: sms.RateLimited, NotAccepted: true,
			ProviderCode: "isv.BUSINESS_LIMIT_CONTROL", PerRecipient: true, RetryAfter: time.Minute}, nil, false},
		{"smskit per-recipient limit inside a target", &sms.Error{Code: sms.RateLimited, NotAccepted: true,
			Provider: "recipientlimit", PerRecipient: true, RetryAfter: time.Minute}, nil, false},
		{"smskit QPS limit inside a target", &sms.Error{Code: sms.RateLimited, NotAccepted: true,
			Provider: "ratelimit"}, nil, true},
		{"provider throttling with RetryAfter", &sms.Error{Code: sms.RateLimited, NotAccepted: true,
			ProviderCode: "Throttling.User", RetryAfter: time.Second}, nil, true},
		{"policy cannot fail over a may-have-been-accepted failure",
			&sms.Error{Code: sms.Unknown}, func(error) bool { return true }, false},
		{"policy cannot fail over a plain error", errors.New("?"), func(error) bool { return true }, false},
		{"policy may narrow", unavailable, func(error) bool { return false }, false},
		{"policy may widen among not-accepted failures",
			&sms.Error{Code: sms.InvalidArgument, NotAccepted: true}, func(error) bool { return true }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, tried := sendOnce(t, route.Options{FailOver: tc.failOver}, failing("primary", tc.err))
			assert.Equal(t, tc.want, tried)
		})
	}
}

func TestNoFailOverAfterCallerCancels(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	primary := &stub{name: "primary", fail: func(sms.Message) error {
		cancel() // the caller gives up while the primary is failing
		return &sms.Error{Code: sms.Unavailable, NotAccepted: true, Message: "outage"}
	}}
	backup := working("backup")
	r, err := route.New(route.Options{Routes: []route.Route{{Targets: []route.Target{
		{Name: "primary", Sender: primary}, {Name: "backup", Sender: backup},
	}}}})
	require.NoError(t, err)
	_, err = r.Send(ctx, msg(1))
	require.Error(t, err)
	assert.Zero(t, backup.calls.Load())
	assert.Equal(t, sms.Canceled, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
	assert.Contains(t, err.Error(), "primary: unavailable")
	assert.Contains(t, err.Error(), "backup: canceled")
	assert.ErrorIs(t, err, context.Canceled)
}

func TestIsPerRecipient(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&sms.Error{Code: sms.RateLimited, PerRecipient: true}, true},
		{fmt.Errorf("x: %w", &sms.Error{Code: sms.RateLimited, PerRecipient: true}), true},
		{&sms.Error{Code: sms.RateLimited, ProviderCode: "Throttling"}, false},
		{&sms.Error{Code: sms.RateLimited, ProviderCode: "isv.BUSINESS_LIMIT_CONTROL"}, false},
		{&sms.Error{Code: sms.RateLimited, Provider: "ratelimit"}, false},
		{&sms.Error{Code: sms.Unavailable, PerRecipient: true}, false},
		{&sms.Error{Code: sms.QuotaExceeded, PerRecipient: true}, false},
		{errors.New("isv.BUSINESS_LIMIT_CONTROL"), false},
		{nil, false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, route.IsPerRecipient(tc.err), "%v", tc.err)
	}
}
