package aliyun

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/smskit/sms"
)

// templateCodePattern is the form of Aliyun template codes.
var templateCodePattern = regexp.MustCompile(`^SMS_[0-9]+$`)

// template is what the Sender sends for a declared sms.Template.
type template struct {
	code string // TemplateCode
	sign string // SignName for the template; empty means the default
}

// parseTemplates is the one rule for declared templates, used by New for
// Options.Templates and by CheckTemplate for one template: names are
// non-empty and unique, every template has a code under key ("SMS_" and
// digits), and a well-formed Text when it has one. It returns the
// templates by name, or the first problem as an *sms.Error with code
// InvalidArgument naming the template.
func parseTemplates(ts []sms.Template, key string) (map[string]template, error) {
	if _, err := sms.IndexTemplates(ts); err != nil {
		return nil, withProvider(err)
	}
	byName := make(map[string]template, len(ts))
	for _, t := range ts {
		name := "template " + strconv.Quote(t.Name)
		field := "Codes[" + strconv.Quote(key) + "]"
		code := t.Codes[key]
		switch {
		case code == "":
			return nil, invalid(nil, name+" has no Aliyun template code: set "+field)
		case !templateCodePattern.MatchString(code):
			return nil, invalid(nil, name+": "+field+" is "+strconv.Quote(code)+`, not "SMS_" and digits`)
		}
		if _, err := t.Vars(); err != nil {
			return nil, invalid(err, strings.TrimPrefix(err.Error(), "sms: "))
		}
		byName[t.Name] = template{code: code, sign: t.Signs[key]}
	}
	return byName, nil
}

// template returns what the Sender sends for a Message.Template: its
// declaration in Options.Templates, or the name itself as the template code
// with the default sign.
func (s *Sender) template(name string) template {
	if t, ok := s.settings.templates[name]; ok {
		return t
	}
	return template{code: name}
}

// CheckTemplate implements sms.TemplateChecker. The Sender can serve t when
// New accepts t in Options.Templates and the Sender sends messages of
// t.Name with t's code and sign: Options.Templates declares t.Name with the
// same code and sign under Options.TemplateKey, or does not declare t.Name
// but t.Name is itself t's code and t has no sign. Passing the
// application's one []sms.Template to New and to route.New makes this hold.
// A refusal is an *sms.Error with code InvalidArgument naming the template.
func (s *Sender) CheckTemplate(t sms.Template) error {
	parsed, err := parseTemplates([]sms.Template{t}, s.settings.TemplateKey)
	if err != nil {
		return err
	}
	want, got := parsed[t.Name], s.template(t.Name)
	_, declared := s.settings.templates[t.Name]
	name := "template " + strconv.Quote(t.Name)
	switch {
	case !declared && got != want:
		return invalid(nil, name+" is not in this Sender's Options.Templates: pass it to aliyun.New too")
	case got.code != want.code:
		return invalid(nil, name+" has Aliyun code "+strconv.Quote(want.code)+
			" but this Sender's Options.Templates declares "+strconv.Quote(got.code))
	case got.sign != want.sign:
		return invalid(nil, name+" has another Aliyun sign than in this Sender's Options.Templates")
	}
	return nil
}
