package tencent

import (
	"cmp"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/smskit/sms"
)

// Limits Tencent documents for SendSms, checked before any request.
const (
	// MinSignLength and MaxSignLength bound a sign name, in characters
	// (Tencent: "2-12 个字").
	MinSignLength, MaxSignLength = 2, 12
	// MaxSessionContextBytes bounds Message.Reference, sent as
	// SessionContext ("长度需小于512字节").
	MaxSessionContextBytes = 511
	// MaxCodeDigits is the longest param of a verification template:
	// Tencent's verification templates take 0 to 6 digits per variable.
	MaxCodeDigits = 6
)

// mainlandRegion is the region of mainland China numbers, the only ones
// domestic templates may go to.
const mainlandRegion = "CN"

// Rules returns what a Sender built from o checks before any request, as
// sms.Rules: fake and dry-run senders given them refuse exactly what this
// Sender refuses, with the same errors. On top of the core's checks:
//
//   - templates only; every declared template has a template id
//     Codes[TemplateKey] of digits, and, where ParamOrder names it, an
//     order that lists exactly the variables of its Text, each once;
//   - domestic kinds go to mainland numbers only, international templates
//     elsewhere (Tencent's mainland and 国际/港澳台 templates);
//   - a mainland message has a sign (Message.Sign, the template's sign or
//     Options.SignName), of 2 to 12 characters;
//   - the params fit the template's positions: exactly the order's names
//     (for a template without Text: ParamOrder's entry, or none at all);
//     an undeclared template id takes at most one param;
//   - a verification template's params are 1 to 6 digits;
//   - Reference (SessionContext) is under 512 bytes.
func (o Options) Rules() sms.Rules {
	key := cmp.Or(o.TemplateKey, Name)
	order := o.ParamOrder
	return sms.Rules{
		Provider:        Name,
		DefaultRegion:   o.DefaultRegion,
		TemplateKey:     key,
		TemplatesOnly:   true,
		NeedsCode:       true,
		AllowUndeclared: o.AllowUndeclaredTemplates,
		DomesticRegion:  mainlandRegion,
		CheckTemplate: func(t sms.Template) error {
			return checkTemplate(t, key, order[t.Name], order != nil && hasKey(order, t.Name))
		},
		CheckMessage: func(p sms.Prepared) error { return checkMessage(p, o.SignName, orderOf(p.Template, order)) },
	}
}

func hasKey(m map[string][]string, k string) bool { _, ok := m[k]; return ok }

// orderOf returns the positional order of template t's params: its
// ParamOrder entry, or its Text's variables in order of first use.
func orderOf(t sms.Template, order map[string][]string) []string {
	if names, ok := order[t.Name]; ok {
		return names
	}
	vars, _ := t.Vars() // a malformed Text was refused by IndexTemplates
	return vars
}

// checkTemplate is Tencent's check of a declared template; order is its
// ParamOrder entry, declared tells whether there is one.
func checkTemplate(t sms.Template, key string, order []string, declared bool) error {
	name := "template " + sms.Quote(t.Name)
	code := t.Codes[key]
	if !digitsPattern.MatchString(code) {
		return optionsError(name + ": Codes[" + sms.Quote(key) + "] is not a Tencent template id (digits)")
	}
	if sign := t.Signs[key]; sign != "" && signProblem(sign) != "" {
		return optionsError(name + ": Signs[" + sms.Quote(key) + "] " + signProblem(sign))
	}
	if !declared {
		return nil
	}
	seen := make(map[string]bool, len(order))
	for _, v := range order {
		if v == "" || seen[v] {
			return optionsError(name + ": ParamOrder lists an empty or repeated name")
		}
		seen[v] = true
	}
	if t.Text == "" {
		return nil
	}
	vars, _ := t.Vars()
	if len(vars) != len(order) {
		return optionsError(name + ": ParamOrder lists " + strconv.Itoa(len(order)) + " names and Text has " +
			strconv.Itoa(len(vars)) + " variables: list each variable once")
	}
	for _, v := range vars {
		if !seen[v] {
			return optionsError(name + ": ParamOrder does not list the variable " + sms.Quote(v))
		}
	}
	return nil
}

// checkMessage is Tencent's check of a prepared message, with defaultSign
// the Options.SignName and order the template's positional order.
func checkMessage(p sms.Prepared, defaultSign string, order []string) error {
	m := p.Message
	if len(m.Reference) > MaxSessionContextBytes {
		return invalid(sms.ErrReferenceTooLong, "reference is longer than "+strconv.Itoa(MaxSessionContextBytes)+
			" bytes, the limit of Tencent's SessionContext")
	}
	switch {
	case m.Sign != "" && signProblem(m.Sign) != "":
		return invalid(sms.ErrInvalidSign, "sign "+signProblem(m.Sign))
	case p.Phone.Region == mainlandRegion && p.Sign == "" && defaultSign == "":
		return invalid(sms.ErrInvalidSign, "no sign: set Message.Sign, the template's sign or Options.SignName")
	}
	if !p.Declared {
		if !digitsPattern.MatchString(p.Code) {
			return invalid(sms.ErrUnknownTemplate, "template "+sms.Quote(p.Code)+
				" is not declared, and is not a Tencent template id (digits)")
		}
		if len(m.Params) > 1 {
			return invalid(sms.ErrInvalidParam, "template "+sms.Quote(p.Code)+" is not declared, and the message has "+
				strconv.Itoa(len(m.Params))+" params: their order is unknown; declare the template")
		}
	} else if err := checkOrder(p.Template, order, m.Params); err != nil {
		return err
	}
	if p.Template.Kind == sms.KindVerification {
		for k, v := range m.Params {
			if len(v) == 0 || len(v) > MaxCodeDigits || !digitsPattern.MatchString(v) {
				return invalid(sms.ErrInvalidParam, "param "+sms.Quote(k)+": a Tencent verification template takes "+
					"1 to "+strconv.Itoa(MaxCodeDigits)+" digits")
			}
		}
	}
	return nil
}

// checkOrder checks that params are exactly the names of order.
func checkOrder(t sms.Template, order []string, params map[string]string) error {
	for _, name := range order {
		if _, ok := params[name]; !ok {
			return invalid(sms.ErrMissingParam, "template "+sms.Quote(t.Name)+" needs param "+sms.Quote(name))
		}
	}
	if len(params) == len(order) {
		return nil
	}
	for k := range params {
		if !slices.Contains(order, k) {
			return invalid(sms.ErrExtraParam, "template "+sms.Quote(t.Name)+" has no position for param "+sms.Quote(k)+
				": declare it in Options.ParamOrder or the template's Text")
		}
	}
	return nil
}

// positional returns params in order, as TemplateParamSet; for an
// undeclared template (order nil), its one param if any.
func positional(order []string, params map[string]string) []string {
	if order == nil {
		for _, v := range params {
			return []string{v}
		}
		return nil
	}
	out := make([]string, len(order))
	for i, name := range order {
		out[i] = params[name]
	}
	return out
}

// signProblem says what keeps sign from being a Tencent sign, or "".
func signProblem(sign string) string {
	if n := utf8.RuneCountInString(sign); len(sign) > 4*MaxSignLength || n < MinSignLength || n > MaxSignLength {
		return "is not " + strconv.Itoa(MinSignLength) + " to " + strconv.Itoa(MaxSignLength) +
			" characters long, as Tencent's signs are"
	}
	return ""
}
