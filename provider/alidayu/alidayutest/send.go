package alidayutest

import (
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// mobilePattern is an 11-digit mainland mobile number, as rec_num lists.
var mobilePattern = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// varPattern is a template variable, ${name}.
var varPattern = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)\}`)

// send checks a signed request's business parameters and, when they pass,
// accepts one message per number. It returns the model, or the sub_code
// and sub_msg of the refusal.
func (s *Server) send(rid string, p url.Values) (model, subCode, subMsg string) {
	if p.Get("sms_type") != "normal" {
		return "", "isv.INVALID_PARAMETERS", "sms_type must be normal"
	}
	numbers := strings.Split(p.Get("rec_num"), ",")
	if len(numbers) > MaxNumbers {
		return "", "isv.MOBILE_COUNT_OVER_LIMIT", "at most 200 numbers"
	}
	for _, n := range numbers {
		if !mobilePattern.MatchString(n) {
			return "", "isv.MOBILE_NUMBER_ILLEGAL", "invalid mobile number"
		}
	}
	t, ok := s.opts.Templates[p.Get("sms_template_code")]
	if !ok {
		return "", "isv.SMS_TEMPLATE_ILLEGAL", "template not approved"
	}
	sign := p.Get("sms_free_sign_name")
	if !slices.Contains(s.opts.Signs, sign) {
		return "", "isv.SMS_SIGNATURE_ILLEGAL", "sign not approved"
	}
	params := map[string]string{}
	if raw := p.Get("sms_param"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &params); err != nil {
			return "", "isv.INVALID_JSON_PARAM", "sms_param is not a JSON object of strings"
		}
	}
	text := t.Text
	for _, m := range varPattern.FindAllStringSubmatch(t.Text, -1) {
		v, ok := params[m[1]]
		if !ok {
			return "", "isv.TEMPLATE_MISSING_PARAMETERS", "template variable missing"
		}
		text = strings.ReplaceAll(text, m[0], v)
	}
	now := s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range numbers {
		if window := s.checkLimits(n, now); window != "" {
			return "", "isv.BUSINESS_LIMIT_CONTROL", window
		}
	}
	s.seq++
	model = strconv.FormatInt(100000+s.seq, 10) + "^" + strconv.FormatInt(1000000+s.seq, 10)
	for _, n := range numbers {
		s.record(n, now)
		s.messages = append(s.messages, Message{E164: "+86" + n, National: n, TemplateCode: p.Get("sms_template_code"),
			SignName: sign, Params: cloneMap(params), Extend: p.Get("extend"), SignMethod: p.Get("sign_method"),
			Text: text, Model: model, RequestID: rid, Time: now})
	}
	return model, "", ""
}
