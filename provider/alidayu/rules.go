package alidayu

import (
	"cmp"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/smskit/sms"
)

// Limits this package checks before any request.
const (
	// MaxSignLength bounds a sign name, in characters: a sanity bound, far
	// above the signs Alidayu approves.
	MaxSignLength = 64
	// MaxExtendBytes bounds Message.Reference, sent as extend (echoed in
	// receipts). TOP documents no bound this package could cite; 64 bytes
	// of letters, digits, "-" and "_" is a conservative choice.
	MaxExtendBytes = 64
)

// mainlandRegion is the only region Alidayu sends to.
const mainlandRegion = "CN"

var (
	templateCodePattern = regexp.MustCompile(`^SMS_[0-9]{1,20}$`)
	extendPattern       = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)
)

// Rules returns what a Sender built from o checks before any request, as
// sms.Rules: fake and dry-run senders given them refuse exactly what this
// Sender refuses. On top of the core's checks:
//
//   - templates only; every declared template has a template code
//     Codes[TemplateKey] of the form "SMS_" and digits, and is not of
//     KindInternational (Alidayu sends to mainland China only);
//   - the number is a mainland China mobile number (11 digits, sent as
//     rec_num without the country code);
//   - a sign is set (Message.Sign, the template's sign or
//     Options.SignName), of at most MaxSignLength characters;
//   - Reference (extend) is at most MaxExtendBytes of letters, digits, "-"
//     and "_".
func (o Options) Rules() sms.Rules {
	key := cmp.Or(o.TemplateKey, Name)
	return sms.Rules{
		Provider:        Name,
		DefaultRegion:   o.DefaultRegion,
		TemplateKey:     key,
		TemplatesOnly:   true,
		NeedsCode:       true,
		AllowUndeclared: o.AllowUndeclaredTemplates,
		DomesticRegion:  mainlandRegion,
		CheckTemplate:   func(t sms.Template) error { return checkTemplate(t, key) },
		CheckMessage:    func(p sms.Prepared) error { return checkMessage(p, o.SignName) },
	}
}

// checkTemplate is Alidayu's check of a declared template.
func checkTemplate(t sms.Template, key string) error {
	name := "template " + sms.Quote(t.Name)
	if !templateCodePattern.MatchString(t.Codes[key]) {
		return optionsError(name + ": Codes[" + sms.Quote(key) + `] is not an Alidayu template code ("SMS_" and digits)`)
	}
	if t.Kind == sms.KindInternational {
		return optionsError(name + ": Alidayu sends to mainland China only; international templates go through provider/aliyun")
	}
	if sign := t.Signs[key]; sign != "" && signProblem(sign) != "" {
		return optionsError(name + ": Signs[" + sms.Quote(key) + "] " + signProblem(sign))
	}
	return nil
}

// checkMessage is Alidayu's check of a prepared message, with defaultSign
// the Options.SignName.
func checkMessage(p sms.Prepared, defaultSign string) error {
	m := p.Message
	if p.Phone.Region != mainlandRegion || len(p.Phone.National) != 11 || p.Phone.National[0] != '1' {
		return invalid(sms.ErrInvalidNumber, "Alidayu sends to mainland China mobile numbers only")
	}
	if !p.Declared && !templateCodePattern.MatchString(p.Code) {
		return invalid(sms.ErrUnknownTemplate, "template "+sms.Quote(p.Code)+
			` is not declared, and is not an Alidayu template code ("SMS_" and digits)`)
	}
	switch sign := cmp.Or(p.Sign, defaultSign); {
	case sign == "":
		return invalid(sms.ErrInvalidSign, "no sign: set Message.Sign, the template's sign or Options.SignName")
	case signProblem(sign) != "":
		return invalid(sms.ErrInvalidSign, "sign "+signProblem(sign))
	}
	if len(m.Reference) > MaxExtendBytes || !extendPattern.MatchString(m.Reference) {
		return invalid(sms.ErrReferenceTooLong, "reference is not at most "+strconv.Itoa(MaxExtendBytes)+
			` bytes of letters, digits, "-" and "_", as this package sends extend`)
	}
	return nil
}

// signProblem says what keeps sign from being a usable sign name, or "".
func signProblem(sign string) string {
	if !utf8.ValidString(sign) || utf8.RuneCountInString(sign) > MaxSignLength ||
		strings.ContainsFunc(sign, unicode.IsControl) || strings.TrimSpace(sign) != sign {
		return "is not valid UTF-8 of at most " + strconv.Itoa(MaxSignLength) +
			" characters without control characters or surrounding spaces"
	}
	return ""
}
