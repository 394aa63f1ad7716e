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
//		Text:  "Your login code is ${code}. It expires in 5 minutes.",
//		Codes: map[string]string{"aliyun": "SMS_123456789"},
//		Signs: map[string]string{"aliyun": "smskit"},
//	}
type Template struct {
	// Name is the logical name, such as "login_code".
	Name string
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
// application's []Template. A template whose Name is empty or blank, or that
// repeats an earlier template's Name, is an *Error with code InvalidArgument
// naming it (`template 2: Template.Name is empty`, `template "login_code":
// two templates have this name`). It checks nothing else: each provider
// checks the fields it uses. The map shares the templates' Codes and Signs
// maps with ts.
func IndexTemplates(ts []Template) (map[string]Template, error) {
	byName := make(map[string]Template, len(ts))
	for i, t := range ts {
		if strings.TrimSpace(t.Name) == "" {
			return nil, invalid(nil, "template "+strconv.Itoa(i+1)+": Template.Name is empty")
		}
		if _, dup := byName[t.Name]; dup {
			return nil, invalid(nil, "template "+strconv.Quote(t.Name)+": two templates have this name")
		}
		byName[t.Name] = t
	}
	return byName, nil
}
