package sms_test

import (
	"context"
	"testing"
	"time"

	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/smstest"
)

// The recommended middleware stack must keep every promise of the provider
// it wraps, as a caller sees it: the suite runs over the stack around the
// fake and around the Aliyun provider with its emulator.

func TestContractStackOverFake(t *testing.T) {
	smstest.Run(t, inStack(newFakeHarness))
}

func TestContractStackOverAliyun(t *testing.T) {
	smstest.Run(t, inStack(newAliyunHarness))
}

// inStack wraps the Sender of each harness made by newHarness in
// middleware.Stack with default options, except that Retry's waits end at
// once so that no test waits for real time.
func inStack(newHarness smstest.NewHarness) smstest.NewHarness {
	return func(t *testing.T) *smstest.Harness {
		h := newHarness(t)
		h.Sender = middleware.Stack(middleware.StackOptions{
			Logger: discardLogger(),
			Sleep:  func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
		})(h.Sender)
		return h
	}
}
