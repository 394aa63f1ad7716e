package sms

import (
	"context"
	"errors"
	"slices"
)

// Rules describe what one provider accepts, beyond what Normalize checks for
// every provider: whether it sends templates only, its size limits, which
// numbers each template kind may go to, and any check of its own. Each
// provider package exports its Rules (aliyun.Rules, twilio.Rules), so that
// the fake and dry-run senders refuse exactly what the provider would, with
// the same error, before any network.
//
// A Validator compiles Rules with the application's declared templates; a
// provider calls its Prepare first thing in Send. That is the provider
// skeleton: the context, the recipient, the sizes, the template and its
// params are checked once, in one place, and every failure names the
// provider. A provider then only translates and classifies.
type Rules struct {
	// Provider names the provider on every error, such as "aliyun".
	Provider string
	// DefaultRegion is the region of numbers written without a country code;
	// empty means DefaultRegion ("CN").
	DefaultRegion string
	// TemplateKey is the key of Template.Codes and Template.Signs this
	// provider reads; empty means Provider.
	TemplateKey string
	// TemplatesOnly means the provider sends templates only: a message
	// without Template is refused (Aliyun). Otherwise a message may carry a
	// Body instead.
	TemplatesOnly bool
	// NeedsCode means every declared template needs Codes[TemplateKey]
	// (template-based providers such as Aliyun).
	NeedsCode bool
	// NeedsText means every declared template needs Text (body-based
	// providers such as Twilio render it).
	NeedsText bool
	// AllowUndeclared lets a message name a template that is not declared:
	// its name is then sent as the provider's own template code. With no
	// templates declared at all, every name is such a code; with some
	// declared and AllowUndeclared false, an undeclared name is a typo and
	// is refused before any request.
	AllowUndeclared bool
	// DomesticRegion, when set (Aliyun: "CN"), sends templates of the
	// domestic kinds (verification, notification, promotion) only to numbers
	// of this region, and international templates only to other numbers.
	DomesticRegion string
	// MaxParamLength is the longest param value in characters, if less than
	// the core's MaxParamLength; zero means MaxParamLength.
	MaxParamLength int
	// MaxBodyLength is the longest body in characters, if less than
	// MaxBodyLength; zero means MaxBodyLength.
	MaxBodyLength int
	// CheckTemplate, if not nil, checks each declared template for the
	// provider's own rules (the form of its codes, variables a kind does
	// not allow); it runs in NewValidator and in Validator.CheckTemplate.
	CheckTemplate func(Template) error
	// CheckMessage, if not nil, checks each prepared message for the
	// provider's own rules (numbers it would misread, per-kind param
	// lengths) after every other check.
	CheckMessage func(Prepared) error
}

// Prepared is a message that passed a Validator: normalized, with its
// recipient parsed and its template resolved.
type Prepared struct {
	// Message is the caller's message with To in E.164. Its Params map is
	// the caller's: read it, never change it.
	Message Message
	// Phone is the parsed recipient.
	Phone Phone
	// Template is the declared template the message names; when Declared is
	// false it holds only the Name (a provider code, or empty for a body).
	Template Template
	// Declared reports whether Template was declared.
	Declared bool
	// Code is what to send as the provider's template: the declared
	// template's Codes[TemplateKey], or the raw name.
	Code string
	// Sign is the message's sign, or else the template's Signs[TemplateKey];
	// empty means the provider's default.
	Sign string
}

// Validator checks messages against one provider's Rules and the
// application's declared templates. It is safe for concurrent use.
type Validator struct {
	rules     Rules
	templates map[string]Template
}

// NewValidator checks templates (IndexTemplates, then the Rules' needs) and
// returns a Validator, or an error wrapping ErrInvalidOptions that names the
// first template that cannot work.
func NewValidator(rules Rules, templates []Template) (*Validator, error) {
	if rules.DefaultRegion == "" {
		rules.DefaultRegion = DefaultRegion
	}
	if rules.TemplateKey == "" {
		rules.TemplateKey = rules.Provider
	}
	if rules.MaxParamLength <= 0 || rules.MaxParamLength > MaxParamLength {
		rules.MaxParamLength = MaxParamLength
	}
	if rules.MaxBodyLength <= 0 || rules.MaxBodyLength > MaxBodyLength {
		rules.MaxBodyLength = MaxBodyLength
	}
	byName, err := IndexTemplates(templates)
	if err != nil {
		return nil, withOptionsProvider(err, rules.Provider)
	}
	v := &Validator{rules: rules, templates: byName}
	for _, t := range templates {
		if err := v.checkDeclaration(t); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// Rules returns the Rules v enforces, with their defaults filled in.
func (v *Validator) Rules() Rules { return v.rules }

// Template returns the declared template called name.
func (v *Validator) Template(name string) (Template, bool) {
	t, ok := v.templates[name]
	return t, ok
}

// Declared reports whether any template was declared.
func (v *Validator) Declared() bool { return len(v.templates) > 0 }

// checkDeclaration checks one template against the Rules' needs.
func (v *Validator) checkDeclaration(t Template) error {
	r := v.rules
	name := "template " + Quote(t.Name)
	switch {
	case r.NeedsCode && t.Codes[r.TemplateKey] == "":
		return NewOptionsError(r.Provider, name+" has no template code: set Codes["+
			Quote(r.TemplateKey)+"]")
	case r.NeedsText && t.Text == "":
		return NewOptionsError(r.Provider, name+" has no Text, which "+r.Provider+" sends")
	}
	if r.CheckTemplate != nil {
		if err := r.CheckTemplate(t); err != nil {
			return withOptionsProvider(err, r.Provider)
		}
	}
	return nil
}

// CheckTemplate implements TemplateChecker: it returns nil when t is
// declared to v exactly as given (same kind, text, code and sign for this
// provider) and satisfies the Rules, and otherwise an error wrapping
// ErrInvalidOptions that says what differs. Routers call it at construction.
func (v *Validator) CheckTemplate(t Template) error {
	if _, err := IndexTemplates([]Template{t}); err != nil {
		return withOptionsProvider(err, v.rules.Provider)
	}
	if err := v.checkDeclaration(t); err != nil {
		return err
	}
	got, ok := v.templates[t.Name]
	name := "template " + Quote(t.Name)
	key := v.rules.TemplateKey
	switch {
	case !ok && v.Declared():
		return NewOptionsError(v.rules.Provider, name+" is not among this sender's declared templates: declare it there too")
	case !ok:
		return nil // raw codes: nothing declared to differ from
	case got.Kind != t.Kind:
		return NewOptionsError(v.rules.Provider, name+" is declared here as "+got.Kind.String()+", not "+t.Kind.String())
	case v.rules.NeedsText && got.Text != t.Text:
		return NewOptionsError(v.rules.Provider, name+" is declared here with another Text")
	case got.Codes[key] != t.Codes[key]:
		return NewOptionsError(v.rules.Provider, name+" is declared here with another Codes["+Quote(key)+"]")
	case got.Signs[key] != t.Signs[key]:
		return NewOptionsError(v.rules.Provider, name+" is declared here with another Signs["+Quote(key)+"]")
	}
	return nil
}

// Prepare checks msg as the provider would before any request and returns it
// prepared. In order: CheckContext; Normalize's rules, within the Rules' size
// limits; the Rules' content rules; the template is declared (unless AllowUndeclared or none is);
// its params are exactly its Text's variables (unless a Body replaces the
// text, where the provider sends bodies); its kind suits the number;
// the Rules' own CheckMessage (a plain error from it becomes an
// InvalidArgument *Error wrapping it). Every failure is an *Error, NotAccepted,
// naming the provider; none quotes a number, a param value or a body.
func (v *Validator) Prepare(ctx context.Context, msg Message) (Prepared, error) {
	if err := CheckContext(ctx); err != nil {
		return Prepared{}, v.own(err)
	}
	m, phone, err := normalize(msg, v.rules.DefaultRegion, limits{param: v.rules.MaxParamLength, body: v.rules.MaxBodyLength})
	if err != nil {
		return Prepared{}, v.own(err)
	}
	p := Prepared{Message: m, Phone: phone, Template: Template{Name: m.Template}, Code: m.Template, Sign: m.Sign}
	if err := v.prepare(&p); err != nil {
		return Prepared{}, v.own(err)
	}
	if v.rules.CheckMessage != nil {
		if err := v.rules.CheckMessage(p); err != nil {
			if _, ok := errors.AsType[*Error](err); !ok {
				err = invalid(err, err.Error()) // a provider's rule: invalid, not sent
			}
			return Prepared{}, v.own(err)
		}
	}
	return p, nil
}

// prepare applies the Rules to a normalized message.
func (v *Validator) prepare(p *Prepared) *Error {
	r, m := v.rules, p.Message
	if r.TemplatesOnly && m.Template == "" {
		return invalid(ErrMissingContent, r.Provider+" sends templates only, and the message names none")
	}
	if m.Template == "" {
		return nil
	}
	t, ok := v.templates[m.Template]
	if !ok {
		if v.Declared() && !r.AllowUndeclared {
			return invalid(ErrUnknownTemplate, "template "+Quote(m.Template)+" is not declared: check the name, or declare it")
		}
		return nil
	}
	p.Template, p.Declared = t, true
	if code := t.Codes[r.TemplateKey]; code != "" {
		p.Code = code
	}
	if p.Sign == "" {
		p.Sign = t.Signs[r.TemplateKey]
	}
	if m.Body == "" || r.TemplatesOnly { // a body is sent instead of the template's text
		if err := checkVars(t, m.Params); err != nil {
			return err
		}
	}
	if r.DomesticRegion != "" {
		return kindRegionError(t, p.Phone, r.DomesticRegion)
	}
	return nil
}

// checkVars checks that params are exactly t's variables, when t has Text.
func checkVars(t Template, params map[string]string) *Error {
	if t.Text == "" {
		return nil // the text is in the provider's console; only it can check
	}
	vars, err := t.Vars()
	if err != nil {
		return invalid(err, "template "+Quote(t.Name)+" is malformed")
	}
	for _, name := range vars {
		if _, ok := params[name]; !ok {
			return invalid(ErrMissingParam, "template "+Quote(t.Name)+" needs param "+Quote(name))
		}
	}
	if len(params) == len(vars) {
		return nil
	}
	for k := range params {
		if !slices.Contains(vars, k) {
			return invalid(ErrExtraParam, "template "+Quote(t.Name)+" has no variable "+Quote(k)+" for that param")
		}
	}
	return nil
}

// CheckKindRegion refuses, as an InvalidArgument *Error wrapping
// ErrWrongKind, a template of a domestic kind to a number outside the
// domestic region and an international template to a number in it; it
// returns nil otherwise. Validators apply it when Rules.DomesticRegion is
// set; a router applies it to international templates only.
func CheckKindRegion(t Template, phone Phone, domestic string) error {
	if err := kindRegionError(t, phone, domestic); err != nil {
		return err
	}
	return nil
}

// kindRegionError is CheckKindRegion with a typed result.
func kindRegionError(t Template, phone Phone, domestic string) *Error {
	switch {
	case t.Kind.Domestic() && phone.Region != domestic:
		return invalid(ErrWrongKind, "template "+Quote(t.Name)+" is a "+t.Kind.String()+" template, for "+domestic+
			" numbers only, and the recipient is in "+phone.Region+": use an international template")
	case t.Kind == KindInternational && phone.Region == domestic:
		return invalid(ErrWrongKind, "template "+Quote(t.Name)+" is an international template, and the recipient is in "+
			domestic+": use a domestic template")
	}
	return nil
}

// own names v's provider on err.
func (v *Validator) own(err error) error { return WithProvider(err, v.rules.Provider) }

// withOptionsProvider names provider on a configuration error.
func withOptionsProvider(err error, provider string) error {
	if oe, ok := errors.AsType[*OptionsError](err); ok {
		c := *oe
		if c.Provider == "" {
			c.Provider = provider
		}
		return &c
	}
	return &OptionsError{Provider: provider, Reason: err.Error(), Err: err}
}
