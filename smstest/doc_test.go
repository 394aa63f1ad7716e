package smstest_test

// This file is the harness shown in the package documentation (doc.go),
// kept here so that it compiles and passes.

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/smstest"
)

// inbox is a toy provider: it records what it accepted and can be told
// to fail, as an emulator can.
type inbox struct {
	mu         sync.Mutex
	msgs       []sms.Message
	down, busy bool
}

func (b *inbox) Send(ctx context.Context, m sms.Message) (sms.Result, error) {
	if err := ctx.Err(); err != nil {
		return sms.Result{}, sms.ContextError(err, true)
	}
	m, err := sms.Normalize(m, "")
	if err != nil {
		return sms.Result{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.down:
		return sms.Result{}, &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: "inbox"}
	case b.busy:
		return sms.Result{}, &sms.Error{Code: sms.RateLimited, NotAccepted: true, Provider: "inbox"}
	}
	b.msgs = append(b.msgs, m)
	return sms.Result{Provider: "inbox", MessageID: strconv.Itoa(len(b.msgs))}, nil
}

func (b *inbox) received() []sms.Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.msgs)
}

func (b *inbox) set(flag *bool) func(on bool) {
	return func(on bool) {
		b.mu.Lock()
		defer b.mu.Unlock()
		*flag = on
	}
}

func TestConformance(t *testing.T) {
	smstest.Run(t, func(t *testing.T) *smstest.Harness {
		b := &inbox{}
		return &smstest.Harness{
			Sender:   b,
			Received: b.received,
			Outage:   b.set(&b.down),
			Throttle: b.set(&b.busy),
			Provider: "inbox",
		}
	})
}
