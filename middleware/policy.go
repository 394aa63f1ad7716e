package middleware

import (
	"strconv"
	"strings"
	"time"

	"github.com/smskit/sms"
)

// Window allows at most Limit sends in any period of length Per.
type Window struct {
	// Limit is the number of sends allowed per period, at least 1 and at
	// most MaxWindowLimit.
	Limit int
	// Per is the length of the period, at least one second: the memory
	// store keeps send times with one-second resolution, rounded up.
	Per time.Duration
}

// MaxWindowLimit is the largest Window.Limit. The memory store keeps the
// last Limit send times of every key, four bytes each.
const MaxWindowLimit = 1024

// maxWindowPer is the longest Window.Per.
const maxWindowPer = 10 * 365 * 24 * time.Hour

// Policy is a per-key limit made of windows that all apply at once: a send
// is allowed only when every window allows it.
type Policy []Window

// AliyunCodePolicy returns Alibaba Cloud SMS's default flow control for
// verification codes sent to one number: 1 per minute, 5 per hour and 10
// per day. Limiting before the provider does keeps the rejections (and the
// cost of an SMS pumping attack) on your side. It is the default policy of
// verification-code templates, and of every message whose kind is unknown.
func AliyunCodePolicy() Policy {
	return Policy{
		{Limit: 1, Per: time.Minute},
		{Limit: 5, Per: time.Hour},
		{Limit: 10, Per: 24 * time.Hour},
	}
}

// AliyunNotificationPolicy returns Alibaba Cloud SMS's default flow control
// for notification and promotion templates: 50 per day to one number with
// one sign and template. It is the default policy of those kinds, keyed by
// template and recipient (TemplateRecipientKey): a notice of one template
// does not use up the budget of another, nor that of verification codes.
func AliyunNotificationPolicy() Policy {
	return Policy{{Limit: 50, Per: 24 * time.Hour}}
}

// DefaultPolicy returns the per-recipient policy RecipientLimit applies to
// templates of kind when RecipientLimitOptions names none:
//
//   - verification, and any kind that is not one of the four (a message
//     naming an undeclared template, or a body): AliyunCodePolicy, per
//     recipient;
//   - notification and promotion: AliyunNotificationPolicy, per template
//     and recipient;
//   - international: AliyunCodePolicy, per template and recipient.
//     International templates carry codes and notices alike, and
//     international numbers are what SMS pumping targets, so each
//     template gets the code policy of its own: a login code and an order
//     notice to one number do not share a budget, and neither can be sent
//     more than ten times a day. Aliyun documents no separate default for
//     them; limit the countries themselves with DestinationLimit.
func DefaultPolicy(kind sms.TemplateKind) Policy {
	switch kind {
	case sms.KindNotification, sms.KindPromotion:
		return AliyunNotificationPolicy()
	}
	return AliyunCodePolicy()
}

// Validate reports whether p can be enforced: at least one window, each with
// a Limit from 1 to MaxWindowLimit and a Per from one second to ten years.
// A violation wraps sms.ErrInvalidOptions.
func (p Policy) Validate() error {
	if len(p) == 0 {
		return policyError("has no window")
	}
	for i, w := range p {
		where := "window " + strconv.Itoa(i) + " (" + w.String() + ")"
		if w.Limit < 1 || w.Limit > MaxWindowLimit {
			return policyError(where + ": limit must be from 1 to " + strconv.Itoa(MaxWindowLimit))
		}
		if w.Per < time.Second || w.Per > maxWindowPer {
			return policyError(where + ": period must be from 1s to ten years")
		}
	}
	return nil
}

// String formats w as "LIMIT/PER", such as "5/1h0m0s".
func (w Window) String() string {
	return strconv.Itoa(w.Limit) + "/" + w.Per.String()
}

// String formats p as its windows separated by commas, such as
// "1/1m0s, 5/1h0m0s, 10/24h0m0s".
func (p Policy) String() string {
	parts := make([]string, len(p))
	for i, w := range p {
		parts[i] = w.String()
	}
	return strings.Join(parts, ", ")
}

// width is the number of send times a key must remember: the largest Limit.
func (p Policy) width() int {
	n := 0
	for _, w := range p {
		n = max(n, w.Limit)
	}
	return n
}

// longest is the longest Per: a key whose last send is older is back to
// full and can be forgotten.
func (p Policy) longest() time.Duration {
	var d time.Duration
	for _, w := range p {
		d = max(d, w.Per)
	}
	return d
}

func policyError(reason string) error {
	return optionsError("policy " + reason)
}
