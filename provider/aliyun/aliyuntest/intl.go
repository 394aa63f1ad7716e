package aliyuntest

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// The international actions of Dysmsapi (version IntlAPIVersion) the
// emulator serves, under the same signature as SendSms. Their parameters
// and answers are those Aliyun documents for them
// (https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2018-05-01-sendmessagetoglobe),
// as the classic SDK's services/dysmsapi sends and reads them.
const (
	// ActionSendMessageToGlobe sends free text (Message) from a sender id
	// (From) to a number outside the mainland, with a Type OTP, NOTIFY or
	// MKT and an optional TaskId echoed in receipts.
	ActionSendMessageToGlobe = "SendMessageToGlobe"
	// ActionSendMessageWithTemplate sends an approved template
	// (TemplateCode, TemplateParam) to a number outside the mainland.
	ActionSendMessageWithTemplate = "SendMessageWithTemplate"
	// IntlAPIVersion is the Version of the international actions.
	IntlAPIVersion = "2018-05-01"
)

// DefaultSenderID is a sender id the emulator always approves for the
// international actions, besides every name in Options.Signs.
const DefaultSenderID = "SMSKIT"

// The Message Types of SendMessageToGlobe.
const (
	TypeOTP       = "OTP"
	TypeNotify    = "NOTIFY"
	TypeMarketing = "MKT"
)

// The ResponseCode values of the international actions the emulator
// answers, from Aliyun's international error codes
// (https://help.aliyun.com/en/sms/developer-reference/error-codes). They
// arrive with HTTP 200 in ResponseCode, not in Code.
const (
	IntlOK                       = "OK"
	IntlInvalidSenderID          = "INVALID_SENDERID"
	IntlContentCodeIllegal       = "SMS_CONTENT_CODE_ILLEGAL"
	IntlMobileNumberIllegal      = "MOBILE_NUMBER_ILLEGAL"
	IntlContentMissingParameters = "CONTENT_MISSING_PARAMETERS"
	IntlInvalidParameters        = "INVALID_PARAMETERS"
	IntlInvalidJSONParam         = "INVALID_JSON_PARAM"
)

// maxTaskID is the longest TaskId, in characters, as Aliyun documents it.
const maxTaskID = 255

// maxGlobeMessage bounds Message, in characters: the emulator's bound, as
// long as the core's longest body.
const maxGlobeMessage = 1600

// numberDetail is the NumberDetail of an international answer.
type numberDetail struct {
	Country string `json:"Country" xml:"Country"`
	Region  string `json:"Region" xml:"Region"`
	Carrier string `json:"Carrier" xml:"Carrier"`
}

// intlBody answers the international actions, successes and business
// errors alike: the outcome is in ResponseCode.
type intlBody struct {
	XMLName             xml.Name      `json:"-"`
	RequestID           string        `json:"RequestId" xml:"RequestId"`
	ResponseCode        string        `json:"ResponseCode" xml:"ResponseCode"`
	ResponseDescription string        `json:"ResponseDescription" xml:"ResponseDescription"`
	Segments            string        `json:"Segments,omitempty" xml:"Segments,omitempty"`
	From                string        `json:"From,omitempty" xml:"From,omitempty"`
	To                  string        `json:"To,omitempty" xml:"To,omitempty"`
	MessageID           string        `json:"MessageId,omitempty" xml:"MessageId,omitempty"`
	NumberDetail        *numberDetail `json:"NumberDetail,omitempty" xml:"NumberDetail,omitempty"`
}

// versionOf is the Version the emulator serves action under.
func versionOf(action string) string {
	switch action {
	case ActionSendMessageToGlobe, ActionSendMessageWithTemplate, ActionQueryMessage:
		return IntlAPIVersion
	}
	return apiVersion
}

// intlRefusal is an international business error: HTTP 200 and its
// ResponseCode.
func intlRefusal(req *incoming, code, description string) reply {
	return reply{status: http.StatusOK, body: intlBody{XMLName: rootName(req.action), RequestID: req.requestID,
		ResponseCode: code, ResponseDescription: description}}
}

// senderIDForm reports whether from has the form Aliyun allows a sender
// id: letters and digits only, at most 11 with a letter, at most 15 digits.
func senderIDForm(from string) bool {
	letters := false
	for i := 0; i < len(from); i++ {
		c := from[i]
		switch {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters = true
		default:
			return false
		}
	}
	return len(from) > 0 && (letters && len(from) <= 11 || !letters && len(from) <= 15)
}

// intlRecipient reads To: country code and number without "+", a valid
// number outside the mainland. Unlike SendSms's PhoneNumbers, eleven
// digits starting with 1 are not read as a mainland number: the
// international API serves no mainland number, so "12025550123" is
// +1 202 555 0123.
func intlRecipient(req *incoming) (phone, bool) {
	s := req.params.Get("To")
	if !digits.MatchString(s) {
		return phone{}, false
	}
	num, err := phonenumbers.Parse("+"+s, "")
	if err != nil || !phonenumbers.IsValidNumber(num) || phonenumbers.GetRegionCodeForNumber(num) == "CN" {
		return phone{}, false
	}
	return phone{key: s}, true
}

// sendMessageToGlobe serves SendMessageToGlobe.
func (e *Emulator) sendMessageToGlobe(req *incoming) reply {
	p := req.params
	for _, name := range []string{"To", "Message"} {
		if p.Get(name) == "" {
			return errorReply(missingParameter(name), req.action, req.requestID)
		}
	}
	ph, ok := intlRecipient(req)
	if !ok {
		return intlRefusal(req, IntlMobileNumberIllegal, "invalid mobile number")
	}
	from := p.Get("From")
	if from != "" && (!senderIDForm(from) || !e.senderApproved(from)) {
		return intlRefusal(req, IntlInvalidSenderID, "invalid sender id")
	}
	switch p.Get("Type") {
	case "", TypeOTP, TypeNotify, TypeMarketing:
	default:
		return intlRefusal(req, IntlInvalidParameters, "invalid parameters: Type")
	}
	text, taskID := p.Get("Message"), p.Get("TaskId")
	if utf8.RuneCountInString(text) > maxGlobeMessage || utf8.RuneCountInString(taskID) > maxTaskID {
		return intlRefusal(req, IntlInvalidParameters, "invalid parameters")
	}
	if err := checkValidity(p.Get("ValidityPeriod")); err != "" {
		return intlRefusal(req, IntlInvalidParameters, "invalid parameters: "+err)
	}
	return e.acceptIntl(req, ph, Message{SignName: from, OutID: taskID, Content: text, Type: p.Get("Type")})
}

// sendMessageWithTemplate serves SendMessageWithTemplate: the template
// must be an approved template of kind International.
func (e *Emulator) sendMessageWithTemplate(req *incoming) reply {
	p := req.params
	for _, name := range []string{"To", "TemplateCode"} {
		if p.Get(name) == "" {
			return errorReply(missingParameter(name), req.action, req.requestID)
		}
	}
	ph, ok := intlRecipient(req)
	if !ok {
		return intlRefusal(req, IntlMobileNumberIllegal, "invalid mobile number")
	}
	from := p.Get("From")
	if from != "" && (!senderIDForm(from) || !e.senderApproved(from)) {
		return intlRefusal(req, IntlInvalidSenderID, "invalid sender id")
	}
	code := p.Get("TemplateCode")
	template, ok := e.opts.Templates[code]
	if !ok || template.Kind != International {
		return intlRefusal(req, IntlContentCodeIllegal, "template not found or not approved")
	}
	params, perr := parseTemplateParam(p.Get("TemplateParam"))
	if perr != nil {
		return intlRefusal(req, IntlInvalidJSONParam, "invalid JSON param")
	}
	if perr := template.checkParams(params); perr != nil {
		return intlRefusal(req, IntlContentMissingParameters, "template parameters do not match")
	}
	if err := checkValidity(p.Get("ValidityPeriod")); err != "" {
		return intlRefusal(req, IntlInvalidParameters, "invalid parameters: "+err)
	}
	return e.acceptIntl(req, ph, Message{SignName: from, TemplateCode: code, Params: params,
		UpExtendCode: p.Get("SmsUpExtendCode"), Content: template.render(params)})
}

// checkValidity checks ValidityPeriod, in seconds when present.
func checkValidity(s string) string {
	if s == "" {
		return ""
	}
	if n, err := strconv.Atoi(s); err != nil || n <= 0 {
		return "ValidityPeriod"
	}
	return ""
}

// senderApproved reports whether from is DefaultSenderID or in Options.Signs.
func (e *Emulator) senderApproved(from string) bool {
	return from == DefaultSenderID || e.signApproved(from)
}

// acceptIntl stores m, to ph, and answers OK with a MessageId.
func (e *Emulator) acceptIntl(req *incoming, ph phone, m Message) reply {
	e.mu.Lock()
	e.bizSeq++
	id := strconv.FormatInt(bizIDBase+e.bizSeq, 10)
	e.mu.Unlock()
	m.BizID, m.RequestID, m.Action = id, req.requestID, req.action
	m.PhoneNumber, m.E164 = req.params.Get("To"), ph.e164()
	m.SendTime, m.Status = req.now, StatusWaiting
	if m.Params == nil {
		m.Params = map[string]string{}
	}
	var receipt Receipt
	if e.opts.Receipt != nil {
		receipt = e.opts.Receipt(m.clone())
	}
	e.mu.Lock()
	e.store.add(ph.key, &stored{msg: m, key: ph.key, receipt: receipt})
	e.mu.Unlock()
	segments := (utf8.RuneCountInString(m.Content) + 152) / 153
	return reply{status: http.StatusOK, body: intlBody{XMLName: rootName(req.action), RequestID: req.requestID,
		ResponseCode: IntlOK, ResponseDescription: "OK", Segments: fmt.Sprint(max(segments, 1)),
		From: m.SignName, To: ph.key, MessageID: id,
		NumberDetail: &numberDetail{Country: "emulated", Region: "emulated", Carrier: "emulated"}}}
}
