// Package smstest is a conformance suite that any sms.Sender can run with a
// short harness, as gocloud.dev's drivertest is for its drivers.
//
// A provider's test builds a Harness per case: the Sender under test, a way
// to read what its backend (usually the provider's emulator, such as
// provider/aliyun/aliyuntest) received, and optional switches that make the
// backend fail. Run then checks what every smskit Sender promises: sends
// succeed with a message id and arrive intact (Chinese text and emoji
// included), invalid numbers and ended contexts are refused before they reach
// the backend, a context that ends while the backend holds the request ends
// the send at once, outages and throttling are classified so that middleware
// may retry them, concurrent sends are neither lost nor duplicated, and no
// error text holds a phone number or a template param. Throughout, a failure
// reported as definitely not accepted must leave the backend as it was, and
// no Send may change the caller's Message (its Params map is compared with a
// copy taken before the send).
//
// Each case is a subtest named by its Case constant; a backend that cannot
// support a case names it in Harness.Unsupported with the reason, and the
// case is skipped with that reason. The messages the suite sends are
// documented by Sample and Samples: register their template, with the params
// code and name, in the backend, and set Harness.Template to its code.
//
// A complete harness, here over a toy in-memory backend that stands in for
// an emulator:
//
//	package inbox_test
//
//	import (
//		"context"
//		"slices"
//		"strconv"
//		"sync"
//		"testing"
//
//		"github.com/smskit/sms"
//		"github.com/smskit/sms/smstest"
//	)
//
//	// inbox is a toy provider: it records what it accepted and can be told
//	// to fail, as an emulator can.
//	type inbox struct {
//		mu         sync.Mutex
//		msgs       []sms.Message
//		down, busy bool
//	}
//
//	func (b *inbox) Send(ctx context.Context, m sms.Message) (sms.Result, error) {
//		if err := ctx.Err(); err != nil {
//			return sms.Result{}, sms.ContextError(err, true)
//		}
//		m, err := sms.Normalize(m, "")
//		if err != nil {
//			return sms.Result{}, err
//		}
//		b.mu.Lock()
//		defer b.mu.Unlock()
//		switch {
//		case b.down:
//			return sms.Result{}, &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: "inbox"}
//		case b.busy:
//			return sms.Result{}, &sms.Error{Code: sms.RateLimited, NotAccepted: true, Provider: "inbox"}
//		}
//		b.msgs = append(b.msgs, m)
//		return sms.Result{Provider: "inbox", MessageID: strconv.Itoa(len(b.msgs))}, nil
//	}
//
//	func (b *inbox) received() []sms.Message {
//		b.mu.Lock()
//		defer b.mu.Unlock()
//		return slices.Clone(b.msgs)
//	}
//
//	func (b *inbox) set(flag *bool) func(on bool) {
//		return func(on bool) {
//			b.mu.Lock()
//			defer b.mu.Unlock()
//			*flag = on
//		}
//	}
//
//	func TestConformance(t *testing.T) {
//		smstest.Run(t, func(t *testing.T) *smstest.Harness {
//			b := &inbox{}
//			return &smstest.Harness{
//				Sender:   b,
//				Received: b.received,
//				Outage:   b.set(&b.down),
//				Throttle: b.set(&b.busy),
//				Provider: "inbox",
//			}
//		})
//	}
//
// For a real provider, newHarness starts the emulator and registers its
// Close with t.Cleanup, points a new provider Sender at it, and translates
// the emulator's records into sms.Message for Received (To in E.164, the
// template as sent, params and reference as received). A body-based backend
// reports an empty Template and the rendered text in Body; one that cannot
// carry a reference sets IgnoresReference. To run CancelMidCall, set
// Harness.Hold, usually to the Hold method of a Holder whose Wait the
// emulator's fault hook calls.
//
// Run needs a *testing.T; the cases themselves only report through a small
// part of testing.TB, which is how this package's own tests prove that each
// case fails the broken senders it guards against.
package smstest
