package sms

import "strconv"

// TemplateKind is the kind of a template, as Aliyun approves templates and as
// every carrier treats traffic: the kind decides which numbers a template may
// go to, which checks its params get, and which per-recipient policy limits
// it (see middleware.RecipientLimitOptions).
//
// The zero value, KindUnspecified, is not a kind: IndexTemplates refuses a
// template without one, so that every declared template says what it is.
type TemplateKind int

const (
	// KindUnspecified is the zero value: no kind was declared.
	KindUnspecified TemplateKind = iota
	// KindVerification is a verification-code template (验证码): one
	// short variable, the code; the strictest per-recipient limits.
	KindVerification
	// KindNotification is a notification template (短信通知): order
	// notices, alerts and the like.
	KindNotification
	// KindPromotion is a promotional template (推广短信): marketing text.
	// Aliyun allows no variables in it.
	KindPromotion
	// KindInternational is a template for numbers outside mainland China
	// (国际/港澳台). Domestic kinds go to mainland numbers only, and this one
	// never does.
	KindInternational
)

var kindNames = [...]string{
	KindUnspecified:   "unspecified",
	KindVerification:  "verification",
	KindNotification:  "notification",
	KindPromotion:     "promotion",
	KindInternational: "international",
}

// String returns the kind's name, such as "verification".
func (k TemplateKind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Valid reports whether k is one of the four kinds.
func (k TemplateKind) Valid() bool {
	return k >= KindVerification && k <= KindInternational
}

// Domestic reports whether templates of kind k are for mainland China
// numbers only: verification, notification and promotion templates are.
func (k TemplateKind) Domestic() bool {
	return k >= KindVerification && k <= KindPromotion
}

// ParseTemplateKind returns the kind named s, as String spells it.
func ParseTemplateKind(s string) (TemplateKind, bool) {
	for k, name := range kindNames {
		if TemplateKind(k).Valid() && name == s {
			return TemplateKind(k), true
		}
	}
	return KindUnspecified, false
}
