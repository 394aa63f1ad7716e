package aliyun

import "github.com/smskit/sms"

// CheckTemplate implements sms.TemplateChecker. The Sender can serve t when
// Rules accepts t and Options.Templates declares t exactly as given: same
// kind, and the same code and sign under Options.TemplateKey. When no
// template is declared at all, the Sender sends a Message.Template as the
// template code with the default sign: it then serves t only if t's name is
// its code and t has no sign of its own. Passing the application's one
// []sms.Template to New and to route.New makes this hold. A refusal wraps
// sms.ErrInvalidOptions and names the template.
func (s *Sender) CheckTemplate(t sms.Template) error {
	if err := s.validator.CheckTemplate(t); err != nil {
		return err
	}
	key := s.settings.TemplateKey
	// The Validator refused t if templates are declared and t is not one.
	if _, declared := s.validator.Template(t.Name); !declared && (t.Codes[key] != t.Name || t.Signs[key] != "") {
		return optionsError("template " + sms.Quote(t.Name) + " is not among this Sender's Options.Templates, " +
			"so the Sender would send its name as the template code: declare it there too")
	}
	return nil
}
