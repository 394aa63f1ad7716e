package aliyun

import (
	"regexp"
	"strconv"

	"github.com/smskit/sms"
)

// templateCodePattern is the form of Aliyun template codes.
var templateCodePattern = regexp.MustCompile(`^SMS_[0-9]+$`)

// templateCode returns the Aliyun template code for a Message.Template: its
// entry in Options.Templates, or the name itself.
func (s *Sender) templateCode(name string) string {
	if code, ok := s.settings.Templates[name]; ok {
		return code
	}
	return name
}

// CheckTemplate implements sms.TemplateChecker: the Sender can serve t when
// Options.Templates maps t.Name to a code, or t.Name is itself a template
// code ("SMS_" and digits). When t declares an Aliyun code (t.Codes["aliyun"]),
// it must be the code the Sender will send. A refusal is an *sms.Error with
// code InvalidArgument.
func (s *Sender) CheckTemplate(t sms.Template) error {
	code, mapped := s.settings.Templates[t.Name]
	declared := t.Codes[ProviderName]
	switch {
	case !mapped && !templateCodePattern.MatchString(t.Name):
		return invalid(nil, "template "+strconv.Quote(t.Name)+" has no Aliyun template code: add it to Options.Templates")
	case !mapped:
		code = t.Name
	}
	if code == "" {
		return invalid(nil, "template "+strconv.Quote(t.Name)+" maps to an empty Aliyun template code")
	}
	if declared != "" && declared != code {
		return invalid(nil, "template "+strconv.Quote(t.Name)+" declares Aliyun code "+strconv.Quote(declared)+
			" but Options.Templates maps it to "+strconv.Quote(code))
	}
	return nil
}
