package middleware_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/smstest"
)

// TestContractStack runs the conformance suite over the fake provider
// wrapped in the recommended stack with its default options (the waits of
// Retry return at once): the stack must keep every promise the provider
// makes, as seen by a caller.
func TestContractStack(t *testing.T) {
	smstest.Run(t, func(t *testing.T) *smstest.Harness {
		provider := fake.New(fake.Options{})
		noWait := func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
		sender := middleware.Stack(middleware.StackOptions{
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Sleep:  noWait,
		})(provider)
		toggle := func(err error) func(bool) {
			return func(on bool) {
				if !on {
					provider.FailWhen(nil)
					return
				}
				provider.FailWhen(func(sms.Message) error { return err })
			}
		}
		return &smstest.Harness{
			Sender:   sender,
			Provider: fake.DefaultProvider,
			Received: provider.Messages,
			Outage:   toggle(&sms.Error{Code: sms.Unavailable, NotAccepted: true, Message: "outage"}),
			Throttle: toggle(&sms.Error{Code: sms.RateLimited, NotAccepted: true, Message: "throttled"}),
		}
	})
}
