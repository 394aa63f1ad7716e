package smstest

import (
	"context"

	"github.com/smskit/sms"
)

// invalidNumbers are recipients no Sender may accept, each with why.
var invalidNumbers = []struct{ why, number string }{
	{"letters", "1380013800O"},
	{"not a number", "not-a-number"},
	{"too short", "+86138"},
	{"too long", "+861380013800012345"},
	{"unknown country code", "+99913800138000"},
	{"not a mainland number", "+8612345678901"},
	{"a mainland code with three digits", "+86123"},
	{"a mainland mobile missing a digit", "+861380013800"},
	{"empty", ""},
}

// testInvalidNumber: invalid recipients fail as InvalidArgument, NotAccepted,
// and reach no backend.
func testInvalidNumber(r reporter, h *Harness) {
	r.Helper()
	for _, bad := range invalidNumbers {
		m := forHarness(h, Sample())
		m.To = bad.number
		err := sendFailing(context.Background(), r, h, "recipient "+bad.why, m)
		checkRejected(r, "recipient "+bad.why, err, sms.InvalidArgument)
	}
	checkNothingReceived(r, h, "after sends to invalid recipients")
}
