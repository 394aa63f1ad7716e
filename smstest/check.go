package smstest

import (
	"context"

	"github.com/smskit/sms"
)

// forHarness returns m with Template replaced by h.Template when set.
func forHarness(h *Harness, m sms.Message) sms.Message {
	if h.Template != "" {
		m.Template = h.Template
	}
	return m
}

// sendOK sends m and fails the case unless the send succeeded with a
// Provider (h.Provider when set) and a MessageID.
func sendOK(r reporter, h *Harness, what string, m sms.Message) sms.Result {
	r.Helper()
	res, err := send(context.Background(), r, h, what, m)
	if err != nil {
		r.Fatalf("%s: Send failed: %v", what, err)
	}
	switch {
	case res.Provider == "":
		r.Errorf("%s: Result.Provider is empty; it must name the provider", what)
	case h.Provider != "" && res.Provider != h.Provider:
		r.Errorf("%s: Result.Provider is %q, want %q (Harness.Provider)", what, res.Provider, h.Provider)
	}
	if res.MessageID == "" {
		r.Errorf("%s: Result.MessageID is empty; it must be the provider's id for the message", what)
	}
	return res
}

// checkRejected fails the case unless err is a definitely-not-accepted
// failure with code want.
func checkRejected(r reporter, what string, err error, want sms.Code) {
	r.Helper()
	if err == nil {
		r.Errorf("%s: Send succeeded, want a failure with code %s", what, want)
		return
	}
	if got := sms.CodeOf(err); got != want {
		r.Errorf("%s: error code is %s, want %s (error: %v)", what, got, want, err)
	}
	if !sms.IsNotAccepted(err) {
		r.Errorf("%s: sms.IsNotAccepted is false, want true: the message was refused before it "+
			"reached the provider, so the error must be an *sms.Error with NotAccepted (error: %v)", what, err)
	}
}

// checkNothingReceived fails the case if the backend received anything.
func checkNothingReceived(r reporter, h *Harness, what string) {
	r.Helper()
	if got := h.Received(); len(got) != 0 {
		r.Errorf("%s: the backend received %d message(s), want none", what, len(got))
	}
}

// checkReceivedOnce fails the case unless the backend received m exactly
// once, matched by recipient and (unless h.IgnoresReference) reference.
func checkReceivedOnce(r reporter, h *Harness, what string, m sms.Message) {
	r.Helper()
	n := 0
	for _, got := range h.Received() {
		if receivedKey(h, got) == receivedKey(h, m) {
			n++
		}
	}
	if n != 1 {
		r.Errorf("%s: the backend received the message %d times, want once", what, n)
	}
}

// receivedKey identifies a message among those the backend received.
func receivedKey(h *Harness, m sms.Message) string {
	if h.IgnoresReference {
		return m.To
	}
	return m.To + "\x00" + m.Reference
}
