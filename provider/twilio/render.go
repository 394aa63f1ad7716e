package twilio

import (
	"cmp"
	"errors"
	"strconv"
	"strings"

	"github.com/smskit/sms"
)

// ErrUnknownTemplate is wrapped by the *sms.Error of a message whose
// template is not in Options.Templates and that has no Body.
var ErrUnknownTemplate = errors.New("twilio: unknown template")

// template is what the Sender sends for a declared sms.Template.
type template struct {
	name, text string
	from       string // Signs["twilio"], the template's sender; empty means the default
}

// parseTemplates is the one rule for declared templates, used by New for
// Options.Templates and by CheckTemplate for one template: names are
// non-empty and unique, every template has a well-formed, non-empty Text,
// and its Signs["twilio"], when set, has no control character. It returns
// the templates by name, or the first problem as an *sms.Error with code
// InvalidArgument wrapping ErrInvalidOptions and naming the template.
func parseTemplates(ts []sms.Template) (map[string]template, error) {
	if _, err := sms.IndexTemplates(ts); err != nil {
		return nil, templateError(err)
	}
	byName := make(map[string]template, len(ts))
	for _, t := range ts {
		from := t.Signs[Name]
		switch {
		case t.Text == "":
			return nil, templateError(errors.New("template " + strconv.Quote(t.Name) + " has no text: set Text"))
		case strings.ContainsFunc(from, isControl):
			return nil, templateError(errors.New("template " + strconv.Quote(t.Name) + `: Signs["twilio"] contains a control character`))
		}
		if _, err := t.Vars(); err != nil {
			return nil, templateError(err)
		}
		byName[t.Name] = template{name: t.Name, text: t.Text, from: from}
	}
	return byName, nil
}

func isControl(r rune) bool { return r < ' ' || r == 0x7f }

// templateError is the *sms.Error for a template parseTemplates refused.
func templateError(err error) *sms.Error {
	e := optionsError(strings.TrimPrefix(err.Error(), "sms: "))
	if se, ok := errors.AsType[*sms.Error](err); ok {
		e.Message = se.Message
	}
	e.Err = errors.Join(ErrInvalidOptions, err)
	return e
}

// CheckTemplate implements sms.TemplateChecker. The Sender can serve t when
// New accepts t in Options.Templates and the Sender sends messages of
// t.Name as t says: Options.Templates declares t.Name with the same Text
// and Signs["twilio"]. Passing the application's one []sms.Template to New
// and to route.New makes this hold. A refusal is an *sms.Error with code
// InvalidArgument naming the template.
func (s *Sender) CheckTemplate(t sms.Template) error {
	parsed, err := parseTemplates([]sms.Template{t})
	if err != nil {
		return err
	}
	name := "template " + strconv.Quote(t.Name)
	got, declared := s.templates[t.Name]
	switch {
	case !declared:
		return templateError(errors.New(name + " is not in this Sender's Options.Templates: pass it to twilio.New too"))
	case got != parsed[t.Name]:
		return templateError(errors.New(name + " has another Text or sign than in this Sender's Options.Templates"))
	}
	return nil
}

// messageBody returns the text to send for msg: its Body when set, or else
// its template's text rendered with its params.
func (s *Sender) messageBody(msg sms.Message) (string, error) {
	if msg.Body != "" {
		return msg.Body, nil
	}
	t, ok := s.templates[msg.Template]
	if !ok {
		return "", &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name,
			Message: "unknown template " + strconv.Quote(msg.Template) + " and no body", Err: ErrUnknownTemplate}
	}
	body, err := sms.Template{Name: t.name, Text: t.text}.Render(msg.Params)
	if err != nil {
		return "", withProvider(err)
	}
	return body, nil
}

// from is msg's sender: its Sign, or else its template's sign, or else
// Options.From.
func (s *Sender) from(msg sms.Message) string {
	return cmp.Or(msg.Sign, s.templates[msg.Template].from, s.opts.From)
}
