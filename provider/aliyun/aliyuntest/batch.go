package aliyuntest

import (
	"encoding/json"
)

// maxBatchNumbers is the most numbers one SendBatchSms may name.
const maxBatchNumbers = 100

// sendBatchSms serves SendBatchSms: one template, with a sign and a set of
// variables per number, aligned by index in JSON arrays.
func (e *Emulator) sendBatchSms(req *incoming) reply {
	p := req.params
	fail := func(err *apiError) reply { return errorReply(err, req.action, req.requestID) }
	for _, name := range []string{"PhoneNumberJson", "SignNameJson", "TemplateCode"} {
		if p.Get(name) == "" {
			return fail(missingParameter(name))
		}
	}
	numbers, err := stringArray(p.Get("PhoneNumberJson"))
	if err != nil {
		return fail(err)
	}
	if len(numbers) > maxBatchNumbers {
		return fail(businessError(codeMobileCountOverLimit))
	}
	if len(numbers) == 0 {
		return fail(businessError(codeMobileNumberIllegal))
	}
	signs, err := stringArray(p.Get("SignNameJson"))
	if err != nil {
		return fail(err)
	}
	if len(signs) != len(numbers) {
		return fail(invalidParameters("SignNameJson"))
	}
	params := make([]map[string]string, len(numbers))
	if raw := p.Get("TemplateParamJson"); raw != "" {
		var objects []map[string]json.RawMessage
		if json.Unmarshal([]byte(raw), &objects) != nil {
			return fail(businessError(codeInvalidJSONParam))
		}
		if len(objects) != len(numbers) {
			return fail(invalidParameters("TemplateParamJson"))
		}
		for i, o := range objects {
			if params[i], err = stringValues(o); err != nil {
				return fail(err)
			}
		}
	}
	extendCodes := make([]string, len(numbers))
	if raw := p.Get("SmsUpExtendCodeJson"); raw != "" {
		if extendCodes, err = stringArray(raw); err != nil {
			return fail(err)
		}
		if len(extendCodes) != len(numbers) {
			return fail(invalidParameters("SmsUpExtendCodeJson"))
		}
	}
	outID := p.Get("OutId")
	msgs := make([]pending, len(numbers))
	for i, n := range numbers {
		ph, ok := parsePhone(n)
		if !ok {
			return fail(businessError(codeMobileNumberIllegal))
		}
		if err := checkOptional(outID, extendCodes[i]); err != nil {
			return fail(err)
		}
		msgs[i] = pending{number: n, phone: ph, sign: signs[i], outID: outID, extendCode: extendCodes[i]}
	}
	code := p.Get("TemplateCode")
	for i := range msgs {
		if !e.signApproved(msgs[i].sign) {
			return fail(businessError(codeSignatureIllegal))
		}
	}
	template, ok := e.template(code, msgs[0].phone.mainland)
	if !ok {
		return fail(businessError(codeTemplateIllegal))
	}
	for i := range msgs {
		m := &msgs[i]
		if err := checkRegion(template, m.phone); err != nil {
			return fail(err)
		}
		if params[i] == nil {
			params[i] = map[string]string{}
		}
		if err := template.checkParams(params[i]); err != nil {
			return fail(err)
		}
		m.templateCode, m.template, m.params = code, template, params[i]
	}
	return e.accept(req, msgs)
}

// stringArray decodes a JSON array whose elements are all strings.
func stringArray(s string) ([]string, *apiError) {
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, businessError(codeInvalidJSONParam)
	}
	out := make([]string, len(raw))
	for i, v := range raw {
		if len(v) == 0 || v[0] != '"' || json.Unmarshal(v, &out[i]) != nil {
			return nil, businessError(codeInvalidJSONParam)
		}
	}
	return out, nil
}
