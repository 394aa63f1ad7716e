package middleware_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

// capable is a provider with the optional capabilities.
type capable struct{ scripted }

func (*capable) Status(_ context.Context, q sms.StatusQuery) (sms.Status, error) {
	return sms.Status{State: sms.StateDelivered}, nil
}

func (*capable) CheckTemplate(sms.Template) error { return nil }

// everyMiddleware is each middleware of the package, configured so that it
// wraps (a zero RateLimit or DestinationLimit would return the provider
// itself).
func everyMiddleware() map[string]sms.Middleware {
	return map[string]sms.Middleware{
		"Logging":          middleware.Logging(middleware.LoggingOptions{Logger: discardLogger()}),
		"Timeout":          middleware.Timeout(middleware.TimeoutOptions{}),
		"DestinationLimit": middleware.DestinationLimit(middleware.DestinationLimitOptions{Allow: []string{"CN"}}),
		"RecipientLimit":   middleware.RecipientLimit(middleware.RecipientLimitOptions{}),
		"Retry":            middleware.Retry(middleware.RetryOptions{}),
		"Breaker":          middleware.Breaker(middleware.BreakerOptions{}),
		"RateLimit":        middleware.RateLimit(middleware.RateLimitOptions{Limit: 1000}),
		"Stack": middleware.Stack(middleware.StackOptions{
			Logger: discardLogger(), Deadline: time.Minute,
			DestinationLimit: middleware.DestinationLimitOptions{Allow: []string{"CN"}},
			RateLimit:        middleware.RateLimitOptions{Limit: 1000},
		}),
	}
}

// TestCapabilitiesSurviveWrapping checks that every middleware, and the
// whole stack, lets sms.As find the provider's StatusChecker and
// TemplateChecker (sms.Wrapper): an application needs no second reference
// to the raw provider.
func TestCapabilitiesSurviveWrapping(t *testing.T) {
	for name, mw := range everyMiddleware() {
		t.Run(name, func(t *testing.T) {
			p := &capable{}
			sender := mw(p)
			_, wraps := sender.(sms.Wrapper)
			assert.True(t, wraps, "%T does not implement sms.Wrapper", sender)

			sc, ok := sms.As[sms.StatusChecker](sender)
			require.True(t, ok, "StatusChecker lost")
			assert.Same(t, p, sc)
			st, err := sc.Status(context.Background(), sms.StatusQuery{MessageID: "id", To: cnNumber})
			require.NoError(t, err)
			assert.Equal(t, sms.StateDelivered, st.State)

			tc, ok := sms.As[sms.TemplateChecker](sender)
			require.True(t, ok, "TemplateChecker lost")
			assert.Same(t, p, tc)
		})
	}
}

// TestNilContext checks that a nil context never panics in any middleware:
// it fails with InvalidArgument wrapping sms.ErrNilContext, definitely not
// accepted, and reaches no provider.
func TestNilContext(t *testing.T) {
	for name, mw := range everyMiddleware() {
		t.Run(name, func(t *testing.T) {
			p := script()
			var nilCtx context.Context // a caller's bug, the point of the test
			var err error
			require.NotPanics(t, func() {
				_, err = mw(p).Send(nilCtx, msg)
			})
			assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
			assert.True(t, sms.IsNotAccepted(err))
			assert.ErrorIs(t, err, sms.ErrNilContext)
			assert.Zero(t, p.Calls())
		})
	}
}

// TestCallerCancellationIsTheCallers checks that a context the caller
// canceled is reported as the caller's cancellation: Canceled, not
// accepted, naming no provider or middleware (it was blamed on "breaker"),
// and without "after 1 attempt" (Retry retried nothing).
func TestCallerCancellationIsTheCallers(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	for name, mw := range everyMiddleware() {
		t.Run(name, func(t *testing.T) {
			p := script()
			_, err := mw(p).Send(canceled, msg)
			e, ok := errors.AsType[*sms.Error](err)
			require.True(t, ok, "%v", err)
			assert.Equal(t, sms.Canceled, e.Code)
			assert.True(t, e.NotAccepted)
			assert.Empty(t, e.Provider, "the caller canceled: no provider or middleware to blame")
			assert.Equal(t, "sms: canceled: context canceled (not accepted)", err.Error())
			assert.Zero(t, p.Calls())
		})
	}
}

// TestRateLimitWaitCanceledIsTheCallers cancels the context while a send
// waits for a rate-limit token.
func TestRateLimitWaitCanceledIsTheCallers(t *testing.T) {
	clk := newFakeClock()
	ctx, cancel := context.WithCancel(context.Background())
	sender := middleware.RateLimit(middleware.RateLimitOptions{
		Limit: 1, Now: clk.Now,
		Sleep: func(context.Context, time.Duration) error { cancel(); return context.Canceled },
	})(ok)
	_, err := sender.Send(ctx, msg)
	require.NoError(t, err)
	_, err = sender.Send(ctx, msg) // waits for the next token, and is canceled
	assert.Equal(t, sms.Canceled, sms.CodeOf(err))
	assert.Empty(t, providerOf(err))
	assert.True(t, sms.IsNotAccepted(err))
}

// TestErrorTextAPersonCanActOn checks the text of errors the stack returns.
func TestErrorTextAPersonCanActOn(t *testing.T) {
	clk := newFakeClock()
	tests := []struct {
		name   string
		send   func() error
		want   string
		absent []string
	}{
		{name: "not retried: no attempt count", send: func() error {
			_, err := middleware.Retry(middleware.RetryOptions{Now: clk.Now, Sleep: clk.Sleep})(script(invalidArg())).Send(context.Background(), msg)
			return err
		}, want: "sms: test: invalid argument: bad number (not accepted)", absent: []string{"attempt"}},
		{name: "retried: the count", send: func() error {
			_, err := middleware.Retry(middleware.RetryOptions{Now: clk.Now, Sleep: clk.Sleep})(script(unavailable())).Send(context.Background(), msg)
			return err
		}, want: "sms: test: unavailable: outage (not accepted) after 3 attempts"},
		{name: "retry after rounded", send: func() error {
			_, err := middleware.Retry(middleware.RetryOptions{MaxAttempts: 1})(script(throttled(59978098144*time.Nanosecond))).Send(context.Background(), msg)
			return err
		}, want: "sms: test: rate limited (retry after 1m0s, not accepted)", absent: []string{"59.97"}},
		{name: "recipient limit's retry after rounded", send: func() error {
			now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
			s := middleware.RecipientLimit(middleware.RecipientLimitOptions{Now: func() time.Time { return now }})(ok)
			_, _ = s.Send(context.Background(), msg)
			now = now.Add(1100 * time.Millisecond)
			_, err := s.Send(context.Background(), msg)
			return err
		}, want: "sms: recipientlimit: rate limited: too many messages for this recipient (retry after 59s, not accepted)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.send()
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			for _, a := range tt.absent {
				assert.False(t, strings.Contains(err.Error(), a), "%q in %q", a, err.Error())
			}
		})
	}
}
