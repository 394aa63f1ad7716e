package smstest

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/smskit/sms"
)

// Every Send the suite makes goes through call, which checks that the
// Sender left the caller's Message as it was: a Message is a value, but its
// Params map is shared with the caller, who may reuse it (to send the same
// params to the next recipient, or to log them) and must find it intact.

// call sends m and returns what Send returned and, if Send changed the
// caller's message in place, a description of the change (never the
// values: they may be codes).
func call(ctx context.Context, h *Harness, m sms.Message) (sms.Result, string, error) {
	before := m
	before.Params = maps.Clone(m.Params)
	res, err := h.Sender.Send(ctx, m)
	return res, changes(before.Params, m.Params), err
}

// changes describes how params differ from before, or returns "".
func changes(before, params map[string]string) string {
	var diff []string
	for _, k := range slices.Sorted(maps.Keys(before)) {
		switch v, ok := params[k]; {
		case !ok:
			diff = append(diff, "removed param "+strconv.Quote(k))
		case v != before[k]:
			diff = append(diff, "changed the value of param "+strconv.Quote(k))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(params)) {
		if _, ok := before[k]; !ok {
			diff = append(diff, "added param "+strconv.Quote(k))
		}
	}
	return strings.Join(diff, ", ")
}

// send is call that reports a change to the caller's message.
func send(ctx context.Context, r reporter, h *Harness, what string, m sms.Message) (sms.Result, error) {
	r.Helper()
	res, changed, err := call(ctx, h, m)
	reportChange(r, what, changed)
	return res, err
}

// reportChange fails the case if changed describes a change.
func reportChange(r reporter, what, changed string) {
	r.Helper()
	if changed != "" {
		r.Errorf("%s: Send changed the caller's Message.Params in place (%s); a Sender must copy before it changes anything",
			what, changed)
	}
}

// sendFailing is send for a send the suite expects to fail: if it fails as
// definitely not accepted, the backend must have received nothing during
// it. The suite's cases that call it send nothing else meanwhile.
func sendFailing(ctx context.Context, r reporter, h *Harness, what string, m sms.Message) error {
	r.Helper()
	n := len(h.Received())
	_, err := send(ctx, r, h, what, m)
	checkGainedNothing(r, h, what, err, n)
	return err
}

// checkGainedNothing fails the case if err says the message was definitely
// not accepted but the backend holds more than the n messages it held
// before the send.
func checkGainedNothing(r reporter, h *Harness, what string, err error, n int) {
	r.Helper()
	if err == nil || !sms.IsNotAccepted(err) {
		return
	}
	if got := len(h.Received()); got > n {
		r.Errorf("%s: Send reported the message as not accepted, but the backend received %d message(s) during it; "+
			"only a message no backend took may be reported as not accepted (middleware retries it) (error: %v)",
			what, got-n, err)
	}
}
