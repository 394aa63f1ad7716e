package tencenttest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// sendRequest is a SendSms body.
type sendRequest struct {
	PhoneNumberSet   []string `json:"PhoneNumberSet"`
	SmsSdkAppID      string   `json:"SmsSdkAppId"`
	TemplateID       string   `json:"TemplateId"`
	SignName         string   `json:"SignName"`
	TemplateParamSet []string `json:"TemplateParamSet"`
	ExtendCode       string   `json:"ExtendCode"`
	SessionContext   string   `json:"SessionContext"`
	SenderID         string   `json:"SenderId"`
}

// maxNumbersPerRequest is Tencent's limit of numbers in one SendSms.
const maxNumbersPerRequest = 200

var (
	e164Pattern     = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	mainlandPattern = regexp.MustCompile(`^\+861[3-9][0-9]{9}$`)
	placeholder     = regexp.MustCompile(`\{([0-9]+)\}`)
	codePattern     = regexp.MustCompile(`^[0-9]{0,6}$`)
)

// normalize returns number in E.164 as Tencent reads it: mainland numbers
// may come as 11 digits, or with 86 or 0086 before them.
func normalize(number string) string {
	switch {
	case strings.HasPrefix(number, "+"):
		return number
	case strings.HasPrefix(number, "0086"):
		return "+86" + number[4:]
	case strings.HasPrefix(number, "86") && len(number) == 13:
		return "+" + number
	case len(number) == 11:
		return "+86" + number
	}
	return number
}

// statusEntry is one SendStatusSet entry.
func statusEntry(serial, number, session, code, message string) map[string]any {
	iso := ""
	if strings.HasPrefix(number, "+86") {
		iso = "CN"
	}
	fee := 0
	if code == "Ok" {
		fee = 1
	}
	return map[string]any{"SerialNo": serial, "PhoneNumber": number, "Fee": fee, "SessionContext": session,
		"Code": code, "Message": message, "IsoCode": iso}
}

// sendSms handles a SendSms whose body is req, with request id rid.
func (s *Server) sendSms(rid string, req *sendRequest) (fields map[string]any, code, msg string) {
	switch {
	case req.SmsSdkAppID != s.opts.SmsSdkAppID:
		return nil, "UnauthorizedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId does not belong to this SecretId"
	case len(req.PhoneNumberSet) == 0:
		return nil, "MissingParameter.EmptyPhoneNumberSet", "PhoneNumberSet is empty"
	case len(req.PhoneNumberSet) > maxNumbersPerRequest:
		return nil, "LimitExceeded.PhoneNumberCountLimit", "more than 200 numbers"
	case len(req.SessionContext) >= 512:
		return nil, "InvalidParameterValue", "SessionContext is 512 bytes or longer"
	}
	now := s.opts.Now()
	set := make([]map[string]any, 0, len(req.PhoneNumberSet))
	for _, raw := range req.PhoneNumberSet {
		number := normalize(raw)
		code, msg, m := s.sendOne(rid, number, req, now)
		serial := ""
		if m != nil {
			serial = m.SerialNo
		}
		set = append(set, statusEntry(serial, number, req.SessionContext, code, msg))
	}
	return map[string]any{"SendStatusSet": set}, "", ""
}

// sendOne sends req's message to one number and returns its code and
// message, and the accepted message.
func (s *Server) sendOne(rid, number string, req *sendRequest, now time.Time) (string, string, *Message) {
	mainland := strings.HasPrefix(number, "+86")
	switch {
	case !e164Pattern.MatchString(number), mainland && !mainlandPattern.MatchString(number):
		return "InvalidParameterValue.IncorrectPhoneNumber", "incorrect phone number", nil
	}
	t, ok := s.opts.Templates[req.TemplateID]
	switch {
	case !ok:
		return "FailedOperation.TemplateIncorrectOrUnapproved", "template not approved or not found", nil
	case mainland && t.Kind == International:
		return "UnsupportedOperation.GlobalTemplateToChineseMainlandPhone", "international template to a mainland number", nil
	case !mainland && t.Kind != International:
		return "UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone", "mainland template to an international number", nil
	case mainland && !slices.Contains(s.opts.Signs, req.SignName):
		return "FailedOperation.SignatureIncorrectOrUnapproved", "sign not approved", nil
	}
	vars := placeholder.FindAllStringSubmatch(t.Text, -1)
	top := 0
	for _, v := range vars {
		n, _ := strconv.Atoi(v[1])
		top = max(top, n)
	}
	if len(req.TemplateParamSet) != top {
		return "FailedOperation.TemplateParamSetNotMatchApprovedTemplate", "params do not match the template", nil
	}
	for _, p := range req.TemplateParamSet {
		if t.Kind == Verification && !codePattern.MatchString(p) {
			return "InvalidParameterValue.TemplateParameterFormatError", "verification params are 0 to 6 digits", nil
		}
	}
	text := placeholder.ReplaceAllStringFunc(t.Text, func(ph string) string {
		n, _ := strconv.Atoi(ph[1 : len(ph)-1])
		if n < 1 || n > len(req.TemplateParamSet) {
			return ph
		}
		return req.TemplateParamSet[n-1]
	})
	content, _ := json.Marshal([]any{req.TemplateID, req.SignName, req.TemplateParamSet})

	s.mu.Lock()
	defer s.mu.Unlock()
	if code := s.checkLimits(number, string(content), now); code != "" {
		return code, "frequency limit for this number reached", nil
	}
	if !s.opts.Limits.Disabled && !s.record(number, string(content), now) {
		return "LimitExceeded.AppDailyLimit", "emulator: too many numbers tracked", nil
	}
	s.seq++
	m := Message{E164: number, TemplateID: req.TemplateID, SignName: req.SignName,
		Params: append([]string(nil), req.TemplateParamSet...), SessionContext: req.SessionContext,
		ExtendCode: req.ExtendCode, SenderID: req.SenderID, Text: text,
		SerialNo: fmt.Sprintf("2640:%d", 4302165259163838308+s.seq*7919), RequestID: rid, Time: now}
	s.messages = append(s.messages, m)
	rc := receipt{UserReceiveTime: now.In(chinaTime).Format(time.DateTime), PhoneNumber: number,
		SerialNo: m.SerialNo, ReportStatus: "SUCCESS", Description: "DELIVRD", SessionContext: req.SessionContext, at: now}
	s.queue = append(s.queue, rc)
	s.receipts = append(s.receipts, rc)
	return "Ok", "send success", &m
}
