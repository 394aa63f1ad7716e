package twilio

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/smskit/sms"
)

// Rules returns what a Sender built with o accepts, for sms.NewValidator:
// the fake and dry-run senders given these Rules refuse exactly what the
// Sender would, with the same errors, before any network. The rules:
//
//   - Twilio sends text: every declared template needs Text, and its
//     Signs[TemplateKey], when set, is a sender of at most
//     sms.MaxNameLength characters without control characters;
//   - a message names a declared template, or carries a Body (sent as it
//     is); with templates declared, an undeclared name is a typo and is
//     refused;
//   - a template's params are exactly its Text's variables: a missing one
//     is refused naming it (sms.ErrMissingParam), and so is an extra one
//     (sms.ErrExtraParam), which would be a typo or a value meant for
//     another template; a message with a Body and no Template takes no
//     params (its Body is sent as it is), so any param is extra;
//   - the text sent, the Body or the rendered template, is at most
//     MaxBodyLength (1,600) characters.
func (o Options) Rules() sms.Rules {
	r := o.rules()
	r.CheckMessage = func(p sms.Prepared) error {
		_, err := textOf(p)
		if err != nil {
			return err
		}
		return nil
	}
	return r
}

// rules is Rules without CheckMessage: the Sender renders the text once,
// after Prepare, with the same function.
func (o Options) rules() sms.Rules {
	key := cmp.Or(o.TemplateKey, Name)
	return sms.Rules{
		Provider:      Name,
		DefaultRegion: o.DefaultRegion,
		TemplateKey:   key,
		NeedsText:     true,
		MaxBodyLength: MaxBodyLength,
		CheckTemplate: func(t sms.Template) error {
			if sign := t.Signs[key]; utf8.RuneCountInString(sign) > sms.MaxNameLength || strings.ContainsFunc(sign, isControl) {
				return sms.NewOptionsError(Name, "template "+sms.Quote(t.Name)+": Signs["+sms.Quote(key)+
					"] must be a sender of at most "+itoa(sms.MaxNameLength)+" characters without control characters")
			}
			return nil
		},
	}
}

// textOf returns the text to send for a prepared message: its Body when
// set, or else its declared template's Text with its params substituted.
// Every failure is an *sms.Error, InvalidArgument and NotAccepted, that
// quotes no value.
func textOf(p sms.Prepared) (string, *sms.Error) {
	msg := p.Message
	if msg.Body != "" {
		if msg.Template == "" && len(msg.Params) > 0 {
			keys := make([]string, 0, len(msg.Params))
			for k := range msg.Params {
				keys = append(keys, k)
			}
			return "", refuse(sms.ErrExtraParam, "the message has a Body, which twilio sends as it is, and no template: param "+
				sms.Quote(slices.Min(keys))+" has no place in it")
		}
		return msg.Body, nil // the Validator checked its length
	}
	if !p.Declared {
		return "", refuse(sms.ErrUnknownTemplate, "template "+sms.Quote(msg.Template)+
			" is not declared and the message has no Body: twilio sends text, so declare the template with its Text")
	}
	text, err := p.Template.Render(msg.Params)
	if err != nil { // the Validator checked the params: cannot happen
		return "", refuse(sms.ErrMissingParam, "template "+sms.Quote(msg.Template)+" cannot be rendered with these params")
	}
	if len(text) > MaxBodyLength && utf8.RuneCountInString(text) > MaxBodyLength {
		return "", refuse(sms.ErrInvalidBody, "template "+sms.Quote(msg.Template)+" renders a text of "+
			itoa(utf8.RuneCountInString(text))+" characters with these params, more than twilio's "+itoa(MaxBodyLength))
	}
	return text, nil
}

// refuse is the *sms.Error of a message refused before any request.
func refuse(rule error, message string) *sms.Error {
	return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name, Message: message, Err: rule}
}
