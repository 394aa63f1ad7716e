package aliyunvoice

import (
	"errors"

	"github.com/smskit/sms"
)

// ErrNotMainland is wrapped by the InvalidArgument error of a call to a
// number outside mainland China: Aliyun's voice service stopped calling
// other regions in March 2022
// (https://help.aliyun.com/en/vms/developer-reference/api-dyvmsapi-2017-05-25-singlecallbytts).
var ErrNotMainland = errors.New("aliyunvoice: the voice service calls mainland China numbers only")

// Rules returns the Sender's rules for sms.NewValidator: Provider Name;
// templates only, each with a TTS code ("TTS_" and digits) of kind
// verification or notification, to mainland numbers (DomesticRegion CN);
// any number outside the mainland refused, for undeclared codes too.
func Rules() sms.Rules {
	return sms.Rules{
		Provider:       Name,
		TemplatesOnly:  true,
		NeedsCode:      true,
		DomesticRegion: "CN",
		CheckTemplate:  checkTemplate,
		CheckMessage:   checkMessage,
	}
}

// checkTemplate checks a declared template's kind (New checks its code
// under the Sender's TemplateKey).
func checkTemplate(t sms.Template) error {
	if t.Kind != sms.KindVerification && t.Kind != sms.KindNotification {
		return sms.NewOptionsError(Name, "template "+sms.Quote(t.Name)+" is of kind "+t.Kind.String()+
			": a voice call reads verification or notification templates")
	}
	return nil
}

// checkMessage refuses numbers outside the mainland and template codes
// that are not TTS codes.
func checkMessage(p sms.Prepared) error {
	if p.Phone.CountryCode != 86 {
		return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name, Err: ErrNotMainland,
			Message: "Aliyun's voice service calls mainland China numbers (+86) only"}
	}
	if !ttsCodePattern.MatchString(p.Code) {
		return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name, Err: sms.ErrInvalidTemplate,
			Message: `the template code is not a TTS template code ("TTS_" and digits)`}
	}
	return nil
}
