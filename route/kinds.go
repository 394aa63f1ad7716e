package route

import "github.com/smskit/sms"

// mainland is the region whose numbers take domestic templates only.
const mainland = "CN"

// internationalAbroad refuses an international template to a mainland China
// number before any target sees it: no provider may send one there, so no
// failover could help. Domestic templates abroad are left to each target,
// since body-based providers send them anywhere.
func internationalAbroad(p sms.Prepared) error {
	if !p.Declared || p.Template.Kind != sms.KindInternational {
		return nil
	}
	return sms.CheckKindRegion(p.Template, p.Phone, mainland)
}
