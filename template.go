package sms

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// ErrMissingParam is wrapped by the error Render returns when a template
// variable has no param.
var ErrMissingParam = errors.New("sms: missing template param")

// Template declares a logical template once for every provider: the name
// applications send in Message.Template, the code and sign each
// template-based provider needs, and the text body-based providers render.
//
//	sms.Template{
//		Name:  "login_code",
//		Kind:  sms.KindVerification,
//		Text:  "Your login code is ${code}. It expires in 5 minutes.",
//		Codes: map[string]string{"aliyun": "SMS_123456789"},
//		Signs: map[string]string{"aliyun": "smskit"},
//	}
type Template struct {
	// Name is the logical name, such as "login_code", at most MaxNameLength
	// characters.
	Name string
	// Kind is the template's kind; required. It decides which numbers the
	// template may go to, the checks of its params and the per-recipient
	// policy that limits it.
	Kind TemplateKind
	// Text is the message text with ${name} placeholders, for body-based
	// providers such as Twilio.
	Text string
	// Codes maps a provider name ("aliyun") to the template code approved in
	// that provider's console ("SMS_123456789").
	Codes map[string]string
	// Signs maps a provider name to the sign name (签名) or sender id to use
	// with this template; a missing entry means the provider's default.
	Signs map[string]string
}

// ParseError is returned for a malformed template text.
type ParseError struct {
	// Template is the template's name.
	Template string
	// Offset is the byte offset of the problem in the text.
	Offset int
	// Reason says what is wrong.
	Reason string
}

// Error formats e.
func (e *ParseError) Error() string {
	return "sms: template " + strconv.Quote(e.Template) + " at byte " + strconv.Itoa(e.Offset) + ": " + e.Reason
}

// Vars returns the names of t.Text's placeholders in order of first use, or
// a *ParseError for an unclosed "${" or an empty name.
func (t Template) Vars() ([]string, error) {
	var vars []string
	err := t.walk(func(literal, name string) {
		if name != "" && !slices.Contains(vars, name) {
			vars = append(vars, name)
		}
	})
	return vars, err
}

// Render substitutes params into t.Text. A placeholder without a param is an
// *Error with code InvalidArgument wrapping ErrMissingParam; params the text
// does not use are ignored.
func (t Template) Render(params map[string]string) (string, error) {
	var b strings.Builder
	b.Grow(len(t.Text) + 16)
	missing := ""
	err := t.walk(func(literal, name string) {
		b.WriteString(literal)
		if name == "" {
			return
		}
		v, ok := params[name]
		if !ok && missing == "" {
			missing = name
		}
		b.WriteString(v)
	})
	if err != nil {
		return "", err
	}
	if missing != "" {
		return "", invalid(ErrMissingParam, "template "+strconv.Quote(t.Name)+" needs param "+strconv.Quote(missing))
	}
	return b.String(), nil
}

// walk calls visit for each literal run of t.Text followed by the
// placeholder name after it ("" after the last run).
func (t Template) walk(visit func(literal, name string)) error {
	text := t.Text
	offset := 0
	for {
		i := strings.Index(text, "${")
		if i < 0 {
			visit(text, "")
			return nil
		}
		end := strings.IndexByte(text[i+2:], '}')
		if end < 0 {
			return &ParseError{Template: t.Name, Offset: offset + i, Reason: `unclosed "${"`}
		}
		name := text[i+2 : i+2+end]
		if strings.TrimSpace(name) == "" {
			return &ParseError{Template: t.Name, Offset: offset + i, Reason: "empty placeholder name"}
		}
		visit(text[:i], name)
		text = text[i+2+end+1:]
		offset += i + 2 + end + 1
	}
}

// TemplateChecker is implemented by Senders that can tell, before sending
// anything, whether they can serve a logical template: a template-based
// provider needs its code, a body-based one its text. Constructors that take
// templates (a router, a provider) call it so that a template some provider
// cannot serve fails at construction, not at the first send.
type TemplateChecker interface {
	CheckTemplate(t Template) error
}

// IndexTemplates returns ts by name, for constructors that take the
// application's []Template. It refuses, with an error wrapping
// ErrInvalidOptions that names the template, a Name that is empty, blank,
// longer than MaxNameLength or not printable, a repeated Name, a Kind that is
// not one of the four, and a malformed Text (`template 2: Template.Name is
// empty`, `template "login_code": two templates have this name`). It checks
// nothing else: each provider checks the fields it uses (see Rules). The map shares the templates' Codes and Signs
// maps with ts.
func IndexTemplates(ts []Template) (map[string]Template, error) {
	byName := make(map[string]Template, len(ts))
	for i, t := range ts {
		name := "template " + Quote(t.Name)
		switch {
		case strings.TrimSpace(t.Name) == "":
			return nil, NewOptionsError("", "template "+strconv.Itoa(i+1)+": Template.Name is empty")
		case lengthProblem(t.Name, MaxNameLength) != "" || textProblem(t.Name) != "":
			return nil, NewOptionsError("", "template "+strconv.Itoa(i+1)+": Template.Name is not a name of at most "+
				strconv.Itoa(MaxNameLength)+" printable characters")
		case !t.Kind.Valid():
			return nil, NewOptionsError("", name+": Template.Kind is "+t.Kind.String()+
				"; set sms.KindVerification, KindNotification, KindPromotion or KindInternational")
		}
		if _, dup := byName[t.Name]; dup {
			return nil, NewOptionsError("", name+": two templates have this name")
		}
		if _, err := t.Vars(); err != nil {
			return nil, &OptionsError{Reason: strings.TrimPrefix(err.Error(), "sms: "), Err: err}
		}
		byName[t.Name] = t
	}
	return byName, nil
}
