package aliyun

import (
	"cmp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/smskit/sms"
)

// mainlandRegion is the region of mainland China numbers, the only ones
// domestic templates may go to.
const mainlandRegion = "CN"

// isTemplateCode reports whether code has the form of Aliyun template
// codes: "SMS_" and at least one digit.
func isTemplateCode(code string) bool {
	digits, ok := strings.CutPrefix(code, "SMS_")
	if !ok || digits == "" {
		return false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	return true
}

// Rules returns what a Sender built from o checks before any request, as
// sms.Rules: fake and dry-run senders given them refuse exactly what this
// Sender refuses, with the same errors. On top of the core's checks:
//
//   - templates only; every declared template has a code Codes[TemplateKey]
//     ("SMS_" and digits) and a sign, its own Signs[TemplateKey] or
//     Options.SignName;
//   - a Message.Template must name a declared template, unless none is
//     declared or Options.AllowUndeclaredTemplates is set: it is then sent
//     as a raw template code, which must have the form "SMS_" and digits;
//   - domestic kinds (verification, notification, promotion) go to mainland
//     China numbers only, international templates to the others;
//   - a promotion template has no variables, a verification template
//     exactly one, the code, of MinCodeLength to MaxCodeLength characters;
//     every other param is 1 to MaxParamLength characters, and all of a
//     message's params together at most MaxTemplateLength;
//   - a sign is MinSignLength to MaxSignLength characters, a reference
//     (OutId) at most MaxReferenceLength, a template text at most
//     MaxTemplateLength;
//   - no number Aliyun would read as another number (see ErrAmbiguousNumber).
func (o Options) Rules() sms.Rules {
	key := cmp.Or(o.TemplateKey, Name)
	sign := o.SignName
	return sms.Rules{
		Provider:        Name,
		TemplateKey:     key,
		TemplatesOnly:   true,
		NeedsCode:       true,
		AllowUndeclared: o.AllowUndeclaredTemplates,
		DomesticRegion:  mainlandRegion,
		MaxParamLength:  MaxParamLength,
		CheckTemplate:   func(t sms.Template) error { return checkTemplate(t, key, sign) },
		CheckMessage:    func(p sms.Prepared) error { return checkMessage(p, sign) },
	}
}

// checkTemplate is Aliyun's check of a declared template under key, with
// defaultSign the Options.SignName.
func checkTemplate(t sms.Template, key, defaultSign string) error {
	name := "template " + sms.Quote(t.Name)
	field := "Codes[" + sms.Quote(key) + "]"
	code, sign := t.Codes[key], t.Signs[key]
	if reason := codeProblem(code); reason != "" {
		return optionsError(name + ": " + field + " " + reason)
	}
	switch {
	case sign == "" && defaultSign == "":
		return optionsError(name + " has no sign: set its Signs[" + sms.Quote(key) + "] or Options.SignName")
	case sign != "" && signProblem(sign) != "":
		return optionsError(name + ": Signs[" + sms.Quote(key) + "] " + signProblem(sign))
	case tooLong(t.Text, MaxTemplateLength):
		return optionsError(name + ": Text is longer than " + strconv.Itoa(MaxTemplateLength) +
			" characters, Aliyun's limit")
	}
	vars, _ := t.Vars() // IndexTemplates refused a malformed Text
	switch {
	case t.Kind == sms.KindPromotion && len(vars) > 0:
		return optionsError(name + " is a promotion template with variables: Aliyun allows none in promotion templates")
	case t.Kind == sms.KindVerification && t.Text != "" && len(vars) != 1:
		return optionsError(name + " is a verification template with " + strconv.Itoa(len(vars)) +
			" variables: Aliyun's have exactly one, the code")
	}
	return nil
}

// checkMessage is Aliyun's check of a prepared message, with defaultSign
// the Options.SignName.
func checkMessage(p sms.Prepared, defaultSign string) error {
	if err := checkNumber(p.Phone); err != nil {
		return err
	}
	m := p.Message
	if tooLong(m.Reference, MaxReferenceLength) {
		return invalid(sms.ErrReferenceTooLong, "reference is longer than "+strconv.Itoa(MaxReferenceLength)+
			" characters, the limit of Aliyun's OutId")
	}
	switch {
	case m.Sign != "" && signProblem(m.Sign) != "":
		return invalid(sms.ErrInvalidSign, "sign "+signProblem(m.Sign))
	case p.Sign == "" && defaultSign == "":
		return invalid(sms.ErrInvalidSign, "no sign: set Message.Sign, the template's sign or Options.SignName")
	}
	if !p.Declared {
		if reason := codeProblem(p.Code); reason != "" {
			return invalid(sms.ErrUnknownTemplate, "template "+sms.Quote(p.Code)+" is not declared, and as an "+
				"Aliyun template code it "+reason)
		}
	}
	return checkParams(p)
}

// checkParams applies the length rules of p's template kind to its params.
func checkParams(p sms.Prepared) error {
	params := p.Message.Params
	switch p.Template.Kind {
	case sms.KindPromotion:
		if len(params) > 0 {
			return invalid(sms.ErrExtraParam, "template "+sms.Quote(p.Template.Name)+
				" is a promotion template, which takes no params")
		}
	case sms.KindVerification:
		if len(params) != 1 {
			return invalid(sms.ErrInvalidParam, "template "+sms.Quote(p.Template.Name)+
				" is a verification template, which takes exactly one "+
				"param, the code; the message has "+strconv.Itoa(len(params)))
		}
		for k, v := range params {
			if n := utf8.RuneCountInString(v); n < MinCodeLength || n > MaxCodeLength {
				return invalid(sms.ErrInvalidParam, "param "+sms.Quote(k)+": a verification code has "+
					strconv.Itoa(MinCodeLength)+" to "+strconv.Itoa(MaxCodeLength)+" characters, this one "+
					strconv.Itoa(n))
			}
		}
	}
	total := 0
	for k, v := range params {
		if v == "" {
			return invalid(sms.ErrInvalidParam, "param "+sms.Quote(k)+" is empty: Aliyun's variables take 1 to "+
				strconv.Itoa(MaxParamLength)+" characters")
		}
		total += utf8.RuneCountInString(v) // each at most MaxParamLength: checked by the Validator
	}
	if total > MaxTemplateLength {
		return invalid(sms.ErrInvalidParam, "params add up to "+strconv.Itoa(total)+" characters, more than "+
			strconv.Itoa(MaxTemplateLength)+", the length of a whole Aliyun message")
	}
	return nil
}

// codeProblem says what keeps code from being an Aliyun template code, or "".
func codeProblem(code string) string {
	switch {
	case code == "":
		return "is empty"
	case len(code) > MaxTemplateCodeLength:
		return "is longer than " + strconv.Itoa(MaxTemplateCodeLength) + " characters"
	case !isTemplateCode(code):
		return "is " + sms.Quote(code) + `, not "SMS_" and digits`
	}
	return ""
}

// signProblem says what keeps sign from being an Aliyun sign name, or "".
func signProblem(sign string) string {
	if n := utf8.RuneCountInString(sign); len(sign) > 4*MaxSignLength || n < MinSignLength || n > MaxSignLength {
		return "is not " + strconv.Itoa(MinSignLength) + " to " + strconv.Itoa(MaxSignLength) +
			" characters long, as Aliyun's sign names are"
	}
	return ""
}

// tooLong reports whether s has more than max characters, counting bytes
// first so that a huge s costs nothing.
func tooLong(s string, max int) bool {
	return len(s) > max && (len(s) > 4*max || utf8.RuneCountInString(s) > max)
}
