package route

import "github.com/smskit/sms"

// mainland is the region whose numbers take domestic templates only.
const mainland = "CN"

// internationalAbroad refuses an international template to a mainland China
// number before any target sees it: no provider may send one there, so no
// failover could help.
func internationalAbroad(p sms.Prepared) error {
	if p.Declared && p.Template.Kind == sms.KindInternational && p.Phone.Region == mainland {
		return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Err: sms.ErrWrongKind,
			Message: "template " + sms.Quote(p.Template.Name) + " is an international template, and the recipient is in " +
				mainland + ": use a domestic template"}
	}
	return nil
}
