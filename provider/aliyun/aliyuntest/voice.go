package aliyuntest

import (
	"encoding/xml"
	"net/http"
	"regexp"
	"strconv"
	"unicode/utf8"
)

// ActionSingleCallByTts is the voice service's (Dyvmsapi, Version
// 2017-05-25, the same as Dysmsapi's) call that reads a TTS template to a
// number: a voice verification code or a voice notification
// (https://help.aliyun.com/document_detail/393519.html). The emulator
// serves it under the same signature as SendSms: CalledNumber, a mainland
// number; CalledShowNumber, the number shown (empty for Aliyun's public
// mode); TtsCode, a template of Options.Templates whose code starts with
// "TTS_"; TtsParam, its variables as JSON; PlayTimes 1–3, Volume 0–100,
// Speed -500–500; OutId echoed in receipts. An accepted call is stored as
// a Message whose Action is ActionSingleCallByTts, TemplateCode the TtsCode,
// SignName the CalledShowNumber and BizID the CallId.
const ActionSingleCallByTts = "SingleCallByTts"

// The voice service's codes for a TTS template or a shown number it does
// not know, from Aliyun's list of voice error codes
// (https://help.aliyun.com/zh/vms/the-error-code-list); numbers and
// parameters are refused with Dysmsapi's codes, which that list shares.
const (
	CodeTTSTemplateIllegal   = "isv.TTS_TEMPLATE_ILLEGAL"
	CodeDisplayNumberIllegal = "isv.DISPLAY_NUMBER_ILLEGAL"
)

// ttsCodePattern is the form of a TTS template code.
var ttsCodePattern = regexp.MustCompile(`^TTS_[0-9]{1,32}$`)

// showNumberPattern is the form of a shown number: digits, as the console
// lists them.
var showNumberPattern = regexp.MustCompile(`^[0-9]{5,15}$`)

// voiceBody answers SingleCallByTts.
type voiceBody struct {
	XMLName   xml.Name `json:"-"`
	RequestID string   `json:"RequestId" xml:"RequestId"`
	Code      string   `json:"Code" xml:"Code"`
	Message   string   `json:"Message" xml:"Message"`
	CallID    string   `json:"CallId,omitempty" xml:"CallId,omitempty"`
}

// singleCallByTts serves SingleCallByTts.
func (e *Emulator) singleCallByTts(req *incoming) reply {
	p := req.params
	fail := func(err *apiError) reply { return errorReply(err, req.action, req.requestID) }
	for _, name := range []string{"CalledNumber", "TtsCode"} {
		if p.Get(name) == "" {
			return fail(missingParameter(name))
		}
	}
	ph, ok := parsePhone(p.Get("CalledNumber"))
	if !ok || !ph.mainland {
		return fail(businessError(codeMobileNumberIllegal))
	}
	show := p.Get("CalledShowNumber")
	if show != "" && !showNumberPattern.MatchString(show) {
		return fail(&apiError{status: http.StatusOK, code: CodeDisplayNumberIllegal, message: "被叫显号不合法"})
	}
	code := p.Get("TtsCode")
	template, known := e.opts.Templates[code]
	if !ttsCodePattern.MatchString(code) || !known {
		return fail(&apiError{status: http.StatusOK, code: CodeTTSTemplateIllegal, message: "TTS模板不合法"})
	}
	for _, r := range []struct {
		name        string
		def, lo, hi int
	}{{"PlayTimes", 3, 1, 3}, {"Volume", 100, 0, 100}, {"Speed", 0, -500, 500}} {
		if _, err := intParam(req, r.name, r.def, r.lo, r.hi); err != nil {
			return fail(err)
		}
	}
	outID := p.Get("OutId")
	if utf8.RuneCountInString(outID) >= maxOutIDLength {
		return fail(invalidParameters("OutId"))
	}
	params, err := parseTemplateParam(p.Get("TtsParam"))
	if err != nil {
		return fail(err)
	}
	if err := template.checkParams(params); err != nil {
		return fail(err)
	}
	e.mu.Lock()
	e.bizSeq++
	callID := strconv.FormatInt(bizIDBase+e.bizSeq, 10) + "^1"
	e.mu.Unlock()
	m := Message{BizID: callID, RequestID: req.requestID, Action: req.action, PhoneNumber: p.Get("CalledNumber"),
		E164: ph.e164(), SignName: show, TemplateCode: code, Params: params, OutID: outID,
		Content: template.render(params), SendTime: req.now, Status: StatusWaiting}
	var receipt Receipt
	if e.opts.Receipt != nil {
		receipt = e.opts.Receipt(m.clone())
	}
	e.mu.Lock()
	e.store.add(ph.key, &stored{msg: m, key: ph.key, receipt: receipt})
	e.mu.Unlock()
	return reply{status: http.StatusOK, body: voiceBody{XMLName: rootName(req.action), RequestID: req.requestID,
		Code: codeOK, Message: "OK", CallID: callID}}
}

// LastCallTo returns the last call SingleCallByTts placed to phoneNumber
// (in any form Aliyun accepts) and whether there is one: Params holds the
// TtsParam, so a test reads the code the call spoke from it.
func (e *Emulator) LastCallTo(phoneNumber string) (Message, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	list := e.store.to(phoneKey(phoneNumber))
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].msg.Action == ActionSingleCallByTts {
			return list[i].at(e.now()), true
		}
	}
	return Message{}, false
}
