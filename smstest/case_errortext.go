package smstest

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/smskit/sms"
)

// secret is a piece of personal data an error text must not hold.
type secret struct{ what, text string }

// testErrorText: failures never print a full phone number or a param value.
func testErrorText(r reporter, h *Harness) {
	r.Helper()
	sample := forHarness(h, Sample())
	var params []secret
	for _, k := range slices.Sorted(maps.Keys(sample.Params)) {
		params = append(params, secret{"the value of param " + k, sample.Params[k]})
	}
	secrets := append(numberSecrets(sample.To), params...)

	for _, bad := range invalidNumbers {
		m := sample
		m.To = bad.number
		s := params
		if len(bad.number) >= 8 {
			s = append([]secret{{"the recipient's number", bad.number}}, params...)
		}
		err := sendFailing(context.Background(), r, h, "recipient "+bad.why, m)
		checkErrorText(r, "recipient "+bad.why, err, s)
	}
	for _, c := range contextFailures {
		ctx, cancel := c.ctx()
		err := sendFailing(ctx, r, h, c.what, sample)
		cancel()
		checkErrorText(r, c.what, err, secrets)
	}
	if h.Outage != nil {
		h.Outage(true)
		err := sendFailing(context.Background(), r, h, "send during an outage", sample)
		h.Outage(false)
		checkErrorText(r, "send during an outage", err, secrets)
	}
	if h.Throttle != nil {
		h.Throttle(true)
		err := sendFailing(context.Background(), r, h, "send while throttled", sample)
		h.Throttle(false)
		checkErrorText(r, "send while throttled", err, secrets)
	}
}

// numberSecrets are the forms of a valid number an error must not print:
// E.164 and the national significant number.
func numberSecrets(number string) []secret {
	s := []secret{{"the recipient's number", number}}
	if p, err := sms.ParsePhone(number, ""); err == nil {
		s = append(s, secret{"the recipient's national number", p.National})
	}
	return s
}

// checkErrorText fails the case if err's text holds any of secrets. A nil
// err passes: the other cases report a send that should have failed.
func checkErrorText(r reporter, what string, err error, secrets []secret) {
	r.Helper()
	if err == nil {
		return
	}
	text := err.Error()
	for _, s := range secrets {
		if s.text != "" && strings.Contains(text, s.text) {
			r.Errorf("%s: the error text holds %s; mask numbers with sms.MaskPhone and never print params (error: %s)",
				what, s.what, text)
		}
	}
}
