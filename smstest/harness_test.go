package smstest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/smskit/sms"
)

// TestHarnessChecks checks that unusable harnesses fail loudly and that
// unsupported cases are skipped with their reason, never passed silently.
func TestHarnessChecks(t *testing.T) {
	good := func(change func(h *Harness)) *Harness {
		b := &memBackend{}
		h := memHarness(b, memSender{b})
		change(h)
		return h
	}
	tests := []struct {
		name    string
		harness *Harness
		run     string
		fatal   string // part of the fatal message; empty when the case must not fail
		skipped string // part of the skip reason; empty when the case must run
	}{
		{name: "nil harness", harness: nil, run: CaseSend, fatal: "NewHarness returned a nil *Harness"},
		{name: "no sender", harness: good(func(h *Harness) { h.Sender = nil }), run: CaseSend,
			fatal: "Harness.Sender is nil"},
		{name: "no received", harness: good(func(h *Harness) { h.Received = nil }), run: CaseSend,
			fatal: "Harness.Received is nil"},
		{name: "unknown unsupported case", run: CaseSend,
			harness: good(func(h *Harness) { h.Unsupported = map[string]string{"Throttle": "no such thing"} }),
			fatal:   `Harness.Unsupported names unknown case "Throttle"`},
		{name: "unsupported without reason", run: CaseSend,
			harness: good(func(h *Harness) { h.Unsupported = map[string]string{CaseThrottled: " "} }),
			fatal:   `Harness.Unsupported["Throttled"] gives no reason`},
		{name: "unsupported case", run: CaseConcurrent,
			harness: good(func(h *Harness) {
				h.Unsupported = map[string]string{CaseConcurrent: "the sandbox serializes requests"}
			}),
			skipped: "the sandbox serializes requests"},
		{name: "other cases still run", run: CaseSend,
			harness: good(func(h *Harness) {
				h.Unsupported = map[string]string{CaseConcurrent: "the sandbox serializes requests"}
			})},
		{name: "no outage hook", harness: good(func(h *Harness) { h.Outage = nil }), run: CaseOutage,
			skipped: "Harness.Outage is nil"},
		{name: "no throttle hook", harness: good(func(h *Harness) { h.Throttle = nil }), run: CaseThrottled,
			skipped: "Harness.Throttle is nil"},
		{name: "no hold hook", harness: good(func(h *Harness) { h.Hold = nil }), run: CaseCancelMidCall,
			skipped: "Harness.Hold is nil"},
		{name: "error text without hooks",
			harness: good(func(h *Harness) { h.Outage, h.Throttle = nil, nil }), run: CaseErrorText},
		{name: "any provider name", harness: good(func(h *Harness) { h.Provider = "" }), run: CaseSend},
		{name: "harness template", run: CaseRoundTrip,
			harness: good(func(h *Harness) { h.Template = "SMS_123456789" })},
		{name: "reference ignored", run: CaseRoundTrip,
			harness: good(func(h *Harness) {
				next := h.Sender
				h.Sender = sms.SenderFunc(func(ctx context.Context, m sms.Message) (sms.Result, error) {
					m.Reference = ""
					return next.Send(ctx, m)
				})
				h.IgnoresReference = true
			})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runRecorded(tt.run, tt.harness)
			if tt.fatal != "" {
				assert.True(t, r.fatal, "the case must stop")
				assert.Contains(t, r.text(), tt.fatal)
			} else {
				assert.Empty(t, r.text())
			}
			if tt.skipped != "" {
				assert.Contains(t, r.skipped, tt.skipped)
			} else {
				assert.Empty(t, r.skipped)
			}
		})
	}
}

// TestCases checks that the case names are the constants, in order, each
// once: they are Harness.Unsupported's keys and the subtest names.
func TestCases(t *testing.T) {
	assert.Equal(t, []string{CaseSend, CaseRoundTrip, CaseInvalidNumber, CaseCanceled, CaseCancelMidCall,
		CaseOutage, CaseThrottled, CaseConcurrent, CaseErrorText}, Cases())
}
