package aliyuntest

import (
	"crypto/rand"
	"encoding/xml"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The Dypnsapi (number authentication service) actions the emulator serves
// besides Dysmsapi's, under the same Version and signature.
const (
	// ActionSendSmsVerifyCode sends a code that Aliyun generates.
	ActionSendSmsVerifyCode = "SendSmsVerifyCode"
	// ActionCheckSmsVerifyCode checks a code sent by SendSmsVerifyCode.
	ActionCheckSmsVerifyCode = "CheckSmsVerifyCode"
)

// CodePlaceholder is the TemplateParam value that SendSmsVerifyCode
// replaces with the code it generates.
const CodePlaceholder = "##code##"

// The VerifyResult values of CheckSmsVerifyCode.
const (
	// VerifyPass: the code is right.
	VerifyPass = "PASS"
	// VerifyUnknown: any other case (wrong, expired, superseded, already
	// used, never sent): Aliyun does not say which.
	VerifyUnknown = "UNKNOWN"
)

// The defaults of SendSmsVerifyCode's optional parameters, as Aliyun
// documents them.
const (
	DefaultCodeLength      = 4
	DefaultCodeType        = 1
	DefaultValidTime       = 300 * time.Second
	DefaultInterval        = 60 * time.Second
	DefaultDuplicatePolicy = 1
)

// codeFrequency is Dypnsapi's answer to a send within Interval of the
// previous code for the same number, scheme and OutId.
const codeFrequency = "biz.FREQUENCY"

// maxVerifications bounds the verifications kept; past it, expired ones
// are forgotten first, then the oldest.
const maxVerifications = 100000

// alphabets are the code alphabets of CodeType 1 to 7: digits, upper-case
// letters, lower-case letters, both cases, digits and upper case, digits
// and lower case, digits and both cases.
var alphabets = [...]string{
	1: "0123456789",
	2: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
	3: "abcdefghijklmnopqrstuvwxyz",
	4: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
	5: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
	6: "0123456789abcdefghijklmnopqrstuvwxyz",
	7: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
}

// verifyCode is one code sent by SendSmsVerifyCode.
type verifyCode struct {
	code    string
	sent    time.Time
	expires time.Time
	// replaced is set when a later code of DuplicatePolicy 1 superseded it.
	replaced bool
}

// verification is the codes of one number, SchemeName and OutId.
type verification struct {
	codes []verifyCode
	last  time.Time // the last send, for Interval
	// interval is the Interval of the last send.
	interval time.Duration
}

// verifications keeps the pending codes, guarded by Emulator.mu.
type verifications struct {
	byKey map[string]*verification
	// lastCode is the last code sent to each number (phone.key), for
	// LastVerifyCode.
	lastCode map[string]string
}

// verifyKey is the key of a verification: CheckSmsVerifyCode matches on
// the number, SchemeName and OutId.
func verifyKey(number, scheme, outID string) string {
	return strconv.Itoa(len(number)) + ":" + number + strconv.Itoa(len(scheme)) + ":" + scheme + outID
}

// verifyModel is the Model of the Dypnsapi answers.
type verifyModel struct {
	BizID        string `json:"BizId,omitempty" xml:"BizId,omitempty"`
	OutID        string `json:"OutId,omitempty" xml:"OutId,omitempty"`
	RequestID    string `json:"RequestId,omitempty" xml:"RequestId,omitempty"`
	VerifyCode   string `json:"VerifyCode,omitempty" xml:"VerifyCode,omitempty"`
	VerifyResult string `json:"VerifyResult,omitempty" xml:"VerifyResult,omitempty"`
}

// verifyBody answers the Dypnsapi actions.
type verifyBody struct {
	XMLName   xml.Name    `json:"-"`
	RequestID string      `json:"RequestId" xml:"RequestId"`
	Code      string      `json:"Code" xml:"Code"`
	Message   string      `json:"Message" xml:"Message"`
	Success   bool        `json:"Success" xml:"Success"`
	Model     verifyModel `json:"Model" xml:"Model"`
}

// intParam reads the integer parameter name, def when absent, and checks
// it lies in [lo, hi].
func intParam(req *incoming, name string, def, lo, hi int) (int, *apiError) {
	s := req.params.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, invalidParameters(name)
	}
	return n, nil
}

// verifyPhone reads PhoneNumber and CountryCode: a mainland mobile number,
// CountryCode empty or 86.
func verifyPhone(req *incoming) (phone, *apiError) {
	if cc := req.params.Get("CountryCode"); cc != "" && cc != "86" {
		return phone{}, invalidParameters("CountryCode")
	}
	p, ok := parsePhone(req.params.Get("PhoneNumber"))
	if !ok || !p.mainland {
		return phone{}, businessError(codeMobileNumberIllegal)
	}
	return p, nil
}

// sendSmsVerifyCode serves SendSmsVerifyCode: it generates a code of
// CodeLength characters of CodeType, puts it where TemplateParam says
// CodePlaceholder, sends the message and keeps the code for ValidTime
// seconds. A TemplateParam without the placeholder sends its values as they
// are, and nothing is kept to verify (as Aliyun documents). A send within
// Interval seconds of the previous one for the same number, SchemeName and
// OutId is refused with biz.FREQUENCY.
func (e *Emulator) sendSmsVerifyCode(req *incoming) reply {
	p := req.params
	fail := func(err *apiError) reply { return errorReply(err, req.action, req.requestID) }
	for _, name := range []string{"PhoneNumber", "SignName", "TemplateCode", "TemplateParam"} {
		if p.Get(name) == "" {
			return fail(missingParameter(name))
		}
	}
	ph, err := verifyPhone(req)
	if err != nil {
		return fail(err)
	}
	length, err := intParam(req, "CodeLength", DefaultCodeLength, 4, 8)
	if err != nil {
		return fail(err)
	}
	codeType, err := intParam(req, "CodeType", DefaultCodeType, 1, 7)
	if err != nil {
		return fail(err)
	}
	validSeconds, err := intParam(req, "ValidTime", int(DefaultValidTime/time.Second), 1, 86400)
	if err != nil {
		return fail(err)
	}
	intervalSeconds, err := intParam(req, "Interval", int(DefaultInterval/time.Second), 0, 86400)
	if err != nil {
		return fail(err)
	}
	policy, err := intParam(req, "DuplicatePolicy", DefaultDuplicatePolicy, 1, 2)
	if err != nil {
		return fail(err)
	}
	returnCode := false
	if s := p.Get("ReturnVerifyCode"); s != "" {
		b, perr := strconv.ParseBool(s)
		if perr != nil {
			return fail(invalidParameters("ReturnVerifyCode"))
		}
		returnCode = b
	}
	scheme, outID := p.Get("SchemeName"), p.Get("OutId")
	if len([]rune(scheme)) > 20 {
		return fail(invalidParameters("SchemeName"))
	}
	if err := checkOptional(outID, p.Get("SmsUpExtendCode")); err != nil {
		return fail(err)
	}
	sign, templateCode := p.Get("SignName"), p.Get("TemplateCode")
	if !e.signApproved(sign) {
		return fail(businessError(codeSignatureIllegal))
	}
	template, ok := e.opts.Templates[templateCode]
	if !ok {
		return fail(businessError(codeTemplateIllegal))
	}
	if err := checkRegion(template, ph); err != nil {
		return fail(err)
	}
	params, err := parseTemplateParam(p.Get("TemplateParam"))
	if err != nil {
		return fail(err)
	}
	// The template's rules apply to the variables as the caller gave them,
	// the placeholder standing for a code of four characters: CodeLength
	// (up to 8) is Dypnsapi's to choose, whatever SendSms allows a
	// verification variable.
	code := newVerifyCode(length, alphabets[codeType])
	checked := make(map[string]string, len(params))
	generated := false
	for k, v := range params {
		checked[k] = strings.ReplaceAll(v, CodePlaceholder, "0000")
		if strings.Contains(v, CodePlaceholder) {
			params[k] = strings.ReplaceAll(v, CodePlaceholder, code)
			generated = true
		}
	}
	if err := template.checkParams(checked); err != nil {
		return fail(err)
	}
	if !generated {
		code = ""
	}

	key := verifyKey(ph.key, scheme, outID)
	e.mu.Lock()
	v := e.verify.byKey[key]
	if v != nil && req.now.Before(v.last.Add(v.interval)) {
		e.mu.Unlock()
		return fail(&apiError{status: http.StatusOK, code: codeFrequency, message: "check frequency failed"})
	}
	if code != "" {
		if v == nil {
			e.verify.makeRoom(req.now)
			v = &verification{}
			e.verify.byKey[key] = v
		}
		if policy == 1 {
			for i := range v.codes {
				v.codes[i].replaced = true
			}
		}
		v.codes = append(liveCodes(v.codes, req.now), verifyCode{code: code, sent: req.now,
			expires: req.now.Add(time.Duration(validSeconds) * time.Second)})
		v.last, v.interval = req.now, time.Duration(intervalSeconds)*time.Second
		e.verify.lastCode[ph.key] = code
	}
	e.bizSeq++
	bizID := fmt.Sprintf("%d^0", bizIDBase+e.bizSeq)
	e.mu.Unlock()

	msg := Message{
		BizID:        bizID,
		RequestID:    req.requestID,
		Action:       req.action,
		PhoneNumber:  p.Get("PhoneNumber"),
		E164:         ph.e164(),
		SignName:     sign,
		TemplateCode: templateCode,
		Params:       params,
		OutID:        outID,
		UpExtendCode: p.Get("SmsUpExtendCode"),
		VerifyCode:   code,
		Content:      "【" + sign + "】" + template.render(params),
		SendTime:     req.now,
		Status:       StatusWaiting,
	}
	var receipt Receipt
	if e.opts.Receipt != nil {
		receipt = e.opts.Receipt(msg.clone())
	}
	e.mu.Lock()
	e.store.add(ph.key, &stored{msg: msg, key: ph.key, receipt: receipt})
	e.mu.Unlock()

	model := verifyModel{BizID: bizID, OutID: outID, RequestID: req.requestID}
	if returnCode {
		model.VerifyCode = code
	}
	return reply{status: http.StatusOK, body: verifyBody{XMLName: rootName(req.action), RequestID: req.requestID,
		Code: codeOK, Message: "成功", Success: true, Model: model}}
}

// checkSmsVerifyCode serves CheckSmsVerifyCode: PASS when VerifyCode is a
// code of the number, SchemeName and OutId that has not expired, was not
// superseded (DuplicatePolicy 1) and was not used; the verification is then
// consumed. UNKNOWN otherwise.
func (e *Emulator) checkSmsVerifyCode(req *incoming) reply {
	p := req.params
	fail := func(err *apiError) reply { return errorReply(err, req.action, req.requestID) }
	for _, name := range []string{"PhoneNumber", "VerifyCode"} {
		if p.Get(name) == "" {
			return fail(missingParameter(name))
		}
	}
	ph, err := verifyPhone(req)
	if err != nil {
		return fail(err)
	}
	caseless := p.Get("CaseAuthPolicy") == "2"
	given := p.Get("VerifyCode")
	key := verifyKey(ph.key, p.Get("SchemeName"), p.Get("OutId"))

	result := VerifyUnknown
	e.mu.Lock()
	if v := e.verify.byKey[key]; v != nil {
		for _, c := range v.codes {
			if c.replaced || !req.now.Before(c.expires) {
				continue
			}
			if c.code == given || caseless && strings.EqualFold(c.code, given) {
				result = VerifyPass
				break
			}
		}
		if result == VerifyPass {
			// Used: no code of the verification passes again; the
			// interval still runs from the last send.
			v.codes = nil
		}
	}
	e.mu.Unlock()
	return reply{status: http.StatusOK, body: verifyBody{XMLName: rootName(req.action), RequestID: req.requestID,
		Code: codeOK, Message: "成功", Success: true,
		Model: verifyModel{OutID: p.Get("OutId"), VerifyResult: result}}}
}

// liveCodes drops the expired codes of codes.
func liveCodes(codes []verifyCode, now time.Time) []verifyCode {
	out := codes[:0]
	for _, c := range codes {
		if now.Before(c.expires) {
			out = append(out, c)
		}
	}
	return out
}

// makeRoom forgets verifications once maxVerifications are kept: those
// whose codes expired and interval passed, or else all of them.
func (vs *verifications) makeRoom(now time.Time) {
	if len(vs.byKey) < maxVerifications {
		return
	}
	for k, v := range vs.byKey {
		if len(liveCodes(v.codes, now)) == 0 && !now.Before(v.last.Add(v.interval)) {
			delete(vs.byKey, k)
		}
	}
	if len(vs.byKey) >= maxVerifications {
		clear(vs.byKey)
	}
	if len(vs.lastCode) >= maxVerifications {
		clear(vs.lastCode)
	}
}

// newVerifyCode returns n characters drawn uniformly from alphabet.
func newVerifyCode(n int, alphabet string) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		k, _ := rand.Int(rand.Reader, max) // crypto/rand never fails
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

// LastVerifyCode returns the last code SendSmsVerifyCode generated for
// phoneNumber (in any form Aliyun accepts), whatever its SchemeName and
// OutId, and whether there is one: how a test reads the code that "was
// sent". A code that has since expired, been used or been superseded is
// still returned.
func (e *Emulator) LastVerifyCode(phoneNumber string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	code, ok := e.verify.lastCode[phoneKey(phoneNumber)]
	return code, ok
}
