package twilio

import (
	"errors"
	"strconv"

	"github.com/smskit/sms"
)

// ErrUnknownTemplate is wrapped by the *sms.Error of a message whose
// template is not in Options.Templates and that has no Body.
var ErrUnknownTemplate = errors.New("twilio: unknown template")

// parseTemplates checks every text of Options.Templates (placeholders are
// ${name}, as sms.Template renders them) and returns them as sms.Templates.
func parseTemplates(texts map[string]string) (map[string]sms.Template, error) {
	out := make(map[string]sms.Template, len(texts))
	for name, text := range texts {
		t := sms.Template{Name: name, Text: text}
		if err := checkText(t); err != nil {
			return nil, err
		}
		out[name] = t
	}
	return out, nil
}

// checkText reports why t cannot be rendered into a body, or nil.
func checkText(t sms.Template) error {
	switch {
	case t.Name == "":
		return errors.New("template with an empty name")
	case t.Text == "":
		return errors.New("template " + strconv.Quote(t.Name) + " has no text")
	}
	_, err := t.Vars()
	return err
}

// templateError is the *sms.Error for a template checkText refused.
func templateError(err error) *sms.Error {
	e := optionsError(err.Error())
	if pe, ok := errors.AsType[*sms.ParseError](err); ok {
		e.Message = "template " + strconv.Quote(pe.Template) + " at byte " + strconv.Itoa(pe.Offset) + ": " + pe.Reason
	}
	e.Err = errors.Join(ErrInvalidOptions, err)
	return e
}

// CheckTemplate implements sms.TemplateChecker: a body-based provider can
// serve t when t.Text is a well-formed, non-empty text. Templates declared
// this way are sent by passing them in Options.Templates.
func (s *Sender) CheckTemplate(t sms.Template) error {
	if err := checkText(t); err != nil {
		return templateError(err)
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
	body, err := t.Render(msg.Params)
	if err != nil {
		return "", withProvider(err)
	}
	return body, nil
}
