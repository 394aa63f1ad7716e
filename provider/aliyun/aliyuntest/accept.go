package aliyuntest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxOutIDLength is one more than the longest OutId Aliyun accepts, in
// characters.
const maxOutIDLength = 256

// bizIDBase makes BizIds 18 digits long, like Aliyun's.
const bizIDBase = 100000000000000000

// pending is one validated message awaiting acceptance.
type pending struct {
	number       string // as received
	phone        phone
	sign         string
	templateCode string
	template     Template
	params       map[string]string
	outID        string
	extendCode   string
}

// checkRegion rejects a mainland number with an international template and
// any other number with a domestic one.
func checkRegion(template Template, p phone) *apiError {
	if international := template.Kind == International; international == p.mainland {
		return domesticNotSupported(international)
	}
	return nil
}

func (e *Emulator) signApproved(sign string) bool {
	if e.opts.Permissive {
		return true
	}
	for _, s := range e.opts.Signs {
		if s == sign {
			return true
		}
	}
	return false
}

// checkOptional validates OutId and SmsUpExtendCode.
func checkOptional(outID, extendCode string) *apiError {
	if len(outID) >= maxOutIDLength && utf8.RuneCountInString(outID) >= maxOutIDLength {
		return invalidParameters("OutId")
	}
	for _, c := range extendCode {
		if c < '0' || c > '9' {
			return invalidParameters("SmsUpExtendCode")
		}
	}
	return nil
}

// accept applies the frequency limits to msgs as one unit and, if none is
// exceeded, stores every message under one new BizId and answers OK.
func (e *Emulator) accept(req *incoming, msgs []pending) reply {
	// One SendSms names one template: its kind's limits apply to every key.
	kind := msgs[0].template.Kind
	keys := make([]string, len(msgs))
	for i, m := range msgs {
		keys[i] = limitKey(kind, m.sign, m.templateCode, m.phone.key)
	}
	windows := e.opts.Limits.windows(kind)

	e.mu.Lock()
	if err := e.history.check(windows, keys, req.now); err != nil {
		e.mu.Unlock()
		return errorReply(err, req.action, req.requestID)
	}
	if len(windows) > 0 {
		e.history.record(keys, req.now)
	}
	e.bizSeq++
	bizID := fmt.Sprintf("%d^0", bizIDBase+e.bizSeq)
	e.mu.Unlock()

	// The receipt policy is user code: run it without holding the lock.
	records := make([]*stored, len(msgs))
	for i, m := range msgs {
		msg := Message{
			BizID:        bizID,
			RequestID:    req.requestID,
			Action:       req.action,
			PhoneNumber:  m.number,
			E164:         m.phone.e164(),
			SignName:     m.sign,
			TemplateCode: m.templateCode,
			Params:       m.params,
			OutID:        m.outID,
			UpExtendCode: m.extendCode,
			Content:      "【" + m.sign + "】" + m.template.render(m.params),
			SendTime:     req.now,
			Status:       StatusWaiting,
		}
		var receipt Receipt
		if e.opts.Receipt != nil {
			receipt = e.opts.Receipt(msg.clone())
		}
		records[i] = &stored{msg: msg, key: m.phone.key, receipt: receipt}
	}

	e.mu.Lock()
	for _, r := range records {
		e.store.add(r.key, r)
	}
	e.mu.Unlock()

	return reply{status: 200, body: sendBody{
		XMLName:   rootName(req.action),
		RequestID: req.requestID,
		Code:      codeOK,
		Message:   messages[codeOK],
		BizID:     bizID,
	}}
}

// splitNumbers splits a PhoneNumbers value at commas and trims spaces.
func splitNumbers(s string) []string {
	numbers := strings.Split(s, ",")
	for i, n := range numbers {
		numbers[i] = strings.TrimSpace(n)
	}
	return numbers
}
