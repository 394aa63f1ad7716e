package aliyunintl

import (
	"errors"
	"strings"

	"github.com/smskit/sms"
)

// ErrMainlandNumber is wrapped by the InvalidArgument error of a message to
// a mainland China number (+86): Aliyun's international API does not send
// to the mainland; provider/aliyun (SendSms) does.
var ErrMainlandNumber = errors.New("aliyunintl: mainland China numbers are sent with provider/aliyun, not the international API")

// ErrNoReference is wrapped by the InvalidArgument error of a message with
// a Reference that goes by SendMessageWithTemplate, which has no parameter
// to carry it (SendMessageToGlobe carries it as TaskId).
var ErrNoReference = errors.New("aliyunintl: SendMessageWithTemplate carries no reference")

// maxTaskID is the longest TaskId, in characters (Aliyun's 255).
const maxTaskID = 255

// Rules returns the Sender's rules for sms.NewValidator: Provider Name; a
// template or a Body; every template kind, to numbers outside the
// mainland only (a verification template is sent as OTP, see TypeOf); a
// declared template needs Codes[TemplateKey] or a Text; a template code
// has no spaces or control characters.
func Rules() sms.Rules {
	return sms.Rules{
		Provider:      Name,
		CheckTemplate: checkTemplate,
		CheckMessage:  checkMessage,
	}
}

// checkTemplate checks a declared template (Codes under Name: the
// Sender checks its own TemplateKey in New).
func checkTemplate(t sms.Template) error {
	for _, code := range t.Codes {
		if strings.ContainsFunc(code, func(r rune) bool { return r <= ' ' || r == 0x7f }) || len(code) > 64 {
			return sms.NewOptionsError(Name, "template "+sms.Quote(t.Name)+" has a template code with spaces or control characters, or longer than 64 bytes")
		}
	}
	return nil
}

// checkMessage refuses mainland numbers and an over-long Reference.
func checkMessage(p sms.Prepared) error {
	if p.Phone.CountryCode == 86 {
		return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name, Err: ErrMainlandNumber,
			Message: "the recipient is a mainland China number (+86): send it with provider/aliyun (SendSms); " +
				"Aliyun's international API serves every other number"}
	}
	if len([]rune(p.Message.Reference)) > maxTaskID {
		return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name, Err: sms.ErrReferenceTooLong,
			Message: "reference is longer than 255 characters (TaskId)"}
	}
	return nil
}
