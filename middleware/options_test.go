package middleware_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

// TestNewStackRefusesOptionsThatCannotWork checks that options that cannot
// work fail at construction, as a configuration error that names the field
// (errors.Is sms.ErrInvalidOptions, not an *sms.Error), instead of failing
// every send with InvalidArgument, which an application would show its
// users as "invalid phone number".
func TestNewStackRefusesOptionsThatCannotWork(t *testing.T) {
	bad := middleware.Policy{{Limit: 0, Per: time.Minute}}
	tests := []struct {
		name string
		opts middleware.StackOptions
		want string
	}{
		{"limit 0", middleware.StackOptions{RecipientLimit: middleware.RecipientLimitOptions{Verification: middleware.KindLimit{Policy: bad}}},
			"StackOptions.RecipientLimit: RecipientLimitOptions.Verification.Policy: policy window 0 (0/1m0s): limit must be from 1 to 1024"},
		{"no window", middleware.StackOptions{RecipientLimit: middleware.RecipientLimitOptions{Notification: middleware.KindLimit{Policy: middleware.Policy{}}}},
			"Notification.Policy: policy has no window"},
		{"zero period", middleware.StackOptions{RecipientLimit: middleware.RecipientLimitOptions{International: middleware.KindLimit{Policy: middleware.Policy{{Limit: 1}}}}},
			"period must be from 1s to ten years"},
		{"negative max keys", middleware.StackOptions{RecipientLimit: middleware.RecipientLimitOptions{MaxKeys: -1}}, "MaxKeys is negative"},
		{"template without kind", middleware.StackOptions{Templates: []sms.Template{{Name: "login_code"}}}, "Template.Kind is unspecified"},
		{"unknown region", middleware.StackOptions{DefaultRegion: "XX"}, `StackOptions.DefaultRegion "XX" is not a region code`},
		{"unknown layer region", middleware.StackOptions{Logging: middleware.LoggingOptions{DefaultRegion: "china"}}, "LoggingOptions.DefaultRegion"},
		{"negative deadline", middleware.StackOptions{Deadline: -time.Second}, "StackOptions.Deadline is negative"},
		{"negative attempts", middleware.StackOptions{Retry: middleware.RetryOptions{MaxAttempts: -1}}, "RetryOptions.MaxAttempts is negative"},
		{"negative delay", middleware.StackOptions{Retry: middleware.RetryOptions{BaseDelay: -time.Second}}, "RetryOptions.BaseDelay is negative"},
		{"base above max delay", middleware.StackOptions{Retry: middleware.RetryOptions{BaseDelay: time.Minute, MaxDelay: time.Second}}, "BaseDelay is longer than MaxDelay"},
		{"ratio above 1", middleware.StackOptions{Breaker: middleware.BreakerOptions{FailureRatio: 1.5}}, "FailureRatio must be at most 1"},
		{"ratio NaN", middleware.StackOptions{Breaker: middleware.BreakerOptions{FailureRatio: math.NaN()}}, "FailureRatio must be at most 1"},
		{"breaker that never opens", middleware.StackOptions{Breaker: middleware.BreakerOptions{FailureRatio: -1, ConsecutiveFailures: -1}}, "could never open"},
		{"sub-second window", middleware.StackOptions{Breaker: middleware.BreakerOptions{Window: time.Millisecond}}, "Window is shorter than a second"},
		{"negative open timeout", middleware.StackOptions{Breaker: middleware.BreakerOptions{OpenTimeout: -1}}, "OpenTimeout is negative"},
		{"negative rate", middleware.StackOptions{RateLimit: middleware.RateLimitOptions{Limit: -1}}, "Limit is negative"},
		{"negative burst", middleware.StackOptions{RateLimit: middleware.RateLimitOptions{Limit: 1, Burst: -1}}, "Burst is negative"},
		{"unknown allowed region", middleware.StackOptions{DestinationLimit: middleware.DestinationLimitOptions{Allow: []string{"CN", "EU"}}}, `Allow: "EU" is not a region code`},
		{"bucket limit 0", middleware.StackOptions{DestinationLimit: middleware.DestinationLimitOptions{PerCountry: middleware.Bucket{Per: time.Hour}}}, "PerCountry (0/1h0m0s): Limit must be at least 1"},
		{"bucket period 0", middleware.StackOptions{DestinationLimit: middleware.DestinationLimitOptions{Countries: map[string]middleware.Bucket{"US": {Limit: 5}}}}, `Countries["US"] (5/0s): Per must be at least a second`},
		{"bad prefix", middleware.StackOptions{DestinationLimit: middleware.DestinationLimitOptions{Prefixes: []middleware.PrefixLimit{{Prefix: "1876", Bucket: middleware.Bucket{Limit: 1, Per: time.Hour}}}}}, `Prefix "1876" is not "+" and 1 to 15 digits`},
		{"prefix twice", middleware.StackOptions{DestinationLimit: middleware.DestinationLimitOptions{Prefixes: []middleware.PrefixLimit{
			{Prefix: "+1876", Bucket: middleware.Bucket{Limit: 1, Per: time.Hour}}, {Prefix: "+1876", Bucket: middleware.Bucket{Limit: 2, Per: time.Hour}}}}}, "named twice"},
		{"prefix without bucket", middleware.StackOptions{DestinationLimit: middleware.DestinationLimitOptions{Prefixes: []middleware.PrefixLimit{{Prefix: "+1876"}}}}, "Limit must be at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mw, err := middleware.NewStack(tt.opts)
			require.Error(t, err)
			assert.Nil(t, mw)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			_, isSMS := errors.AsType[*sms.Error](err)
			assert.False(t, isSMS, "a configuration error is not a message error")
			assert.Contains(t, err.Error(), "sms: middleware: invalid options: ")
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "not accepted")
			assert.PanicsWithError(t, err.Error(), func() { middleware.Stack(tt.opts) }, "Stack panics with NewStack's error")
		})
	}
}

func TestNewStackValidOptions(t *testing.T) {
	for _, opts := range []middleware.StackOptions{
		{},
		{Templates: templates, DefaultRegion: "US", Deadline: time.Second},
		{Breaker: middleware.BreakerOptions{FailureRatio: -1}},          // the consecutive rule alone
		{Breaker: middleware.BreakerOptions{ConsecutiveFailures: -1}},   // the ratio alone
		{RateLimit: middleware.RateLimitOptions{MaxWait: -time.Second}}, // negative: never wait
		{DestinationLimit: middleware.DestinationLimitOptions{Allow: []string{"CN", "001"}, Countries: map[string]middleware.Bucket{"CN": {}}}},
	} {
		mw, err := middleware.NewStack(opts)
		require.NoError(t, err)
		require.NotNil(t, mw)
	}
}

// TestMiddlewareConstructorsPanicOnInvalidOptions checks each constructor
// that returns an sms.Middleware: invalid options panic at construction
// with the error Validate returns, never at a send.
func TestMiddlewareConstructorsPanicOnInvalidOptions(t *testing.T) {
	tests := []struct {
		name     string
		validate func() error
		build    func()
	}{
		{"RecipientLimit",
			middleware.RecipientLimitOptions{Verification: middleware.KindLimit{Policy: middleware.Policy{{Limit: -1, Per: time.Minute}}}}.Validate,
			func() {
				middleware.RecipientLimit(middleware.RecipientLimitOptions{Verification: middleware.KindLimit{Policy: middleware.Policy{{Limit: -1, Per: time.Minute}}}})
			}},
		{"Retry", middleware.RetryOptions{MaxElapsed: -1}.Validate, func() { middleware.Retry(middleware.RetryOptions{MaxElapsed: -1}) }},
		{"Breaker", middleware.BreakerOptions{FailureRatio: 2}.Validate, func() { middleware.Breaker(middleware.BreakerOptions{FailureRatio: 2}) }},
		{"RateLimit", middleware.RateLimitOptions{Limit: -5}.Validate, func() { middleware.RateLimit(middleware.RateLimitOptions{Limit: -5}) }},
		{"Logging", middleware.LoggingOptions{DefaultRegion: "ZZ"}.Validate, func() { middleware.Logging(middleware.LoggingOptions{DefaultRegion: "ZZ"}) }},
		{"DestinationLimit", middleware.DestinationLimitOptions{Allow: []string{"cn"}}.Validate,
			func() { middleware.DestinationLimit(middleware.DestinationLimitOptions{Allow: []string{"cn"}}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.validate()
			require.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.PanicsWithError(t, err.Error(), tt.build)
		})
	}
	assert.NoError(t, middleware.TimeoutOptions{Timeout: -1}.Validate(), "a negative timeout means none")
}
