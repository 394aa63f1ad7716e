package aliyuntest

// maxPhoneNumbers is the most numbers one SendSms may name.
const maxPhoneNumbers = 1000

// sendSms serves SendSms: one template and one set of variables, sent to up
// to 1000 comma-separated numbers.
func (e *Emulator) sendSms(req *incoming) reply {
	p := req.params
	fail := func(err *apiError) reply { return errorReply(err, req.action, req.requestID) }
	for _, name := range []string{"PhoneNumbers", "SignName", "TemplateCode"} {
		if p.Get(name) == "" {
			return fail(missingParameter(name))
		}
	}
	numbers := splitNumbers(p.Get("PhoneNumbers"))
	if len(numbers) > maxPhoneNumbers {
		return fail(businessError(codeMobileCountOverLimit))
	}
	phones := make([]phone, len(numbers))
	for i, n := range numbers {
		ph, ok := parsePhone(n)
		if !ok {
			return fail(businessError(codeMobileNumberIllegal))
		}
		phones[i] = ph
	}
	outID, extendCode := p.Get("OutId"), p.Get("SmsUpExtendCode")
	if err := checkOptional(outID, extendCode); err != nil {
		return fail(err)
	}
	sign, code := p.Get("SignName"), p.Get("TemplateCode")
	if !e.signApproved(sign) {
		return fail(businessError(codeSignatureIllegal))
	}
	template, ok := e.template(code, phones[0].mainland)
	if !ok {
		return fail(businessError(codeTemplateIllegal))
	}
	for _, ph := range phones {
		if err := checkRegion(template, ph); err != nil {
			return fail(err)
		}
	}
	params, err := parseTemplateParam(p.Get("TemplateParam"))
	if err != nil {
		return fail(err)
	}
	if err := template.checkParams(params); err != nil {
		return fail(err)
	}
	msgs := make([]pending, len(numbers))
	for i, n := range numbers {
		msgs[i] = pending{
			number:       n,
			phone:        phones[i],
			sign:         sign,
			templateCode: code,
			template:     template,
			params:       params,
			outID:        outID,
			extendCode:   extendCode,
		}
	}
	return e.accept(req, msgs)
}
