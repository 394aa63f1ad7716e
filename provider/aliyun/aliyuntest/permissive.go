package aliyuntest

import (
	"regexp"
	"strings"
)

// templateCodePattern is the form of Aliyun's template codes.
var templateCodePattern = regexp.MustCompile(`^SMS_[0-9]{1,20}$`)

// template returns the approved template with code. With Options.Permissive,
// a code that is not configured but has Aliyun's form (SMS_ and digits) is
// approved too, as a template without text whose kind follows the first
// number: International for a number outside the mainland, Notification
// otherwise. Its variables are then not checked against a text (there is
// none): every parameter is accepted if it passes the notification rules,
// and the stored Content is the sign alone.
func (e *Emulator) template(code string, mainland bool) (Template, bool) {
	if t, ok := e.opts.Templates[code]; ok {
		return t, true
	}
	if !e.opts.Permissive || !templateCodePattern.MatchString(strings.TrimSpace(code)) {
		return Template{}, false
	}
	if mainland {
		return Template{Kind: Notification}, true
	}
	return Template{Kind: International}, true
}
