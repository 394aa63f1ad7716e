package aliyuntest

import (
	"fmt"
	"strings"
)

// maxOutIDLength is one more than the longest OutId Aliyun accepts.
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
	if template.International == p.mainland {
		return domesticNotSupported(template.International)
	}
	return nil
}

func (e *Emulator) signApproved(sign string) bool {
	for _, s := range e.opts.Signs {
		if s == sign {
			return true
		}
	}
	return false
}

// checkOptional validates OutId and SmsUpExtendCode.
func checkOptional(outID, extendCode string) *apiError {
	if len(outID) >= maxOutIDLength {
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
func (e *Emulator) accept(req *request, msgs []pending) reply {
	keys := make([][]string, 2) // by Kind
	for _, m := range msgs {
		k := m.template.Kind
		if k != Verification {
			k = Notification
		}
		keys[k] = append(keys[k], limitKey(k, m.sign, m.templateCode, m.phone.key))
	}

	e.mu.Lock()
	for k, ks := range keys {
		if err := e.history.check(e.opts.Limits.windows(Kind(k)), ks, req.now); err != nil {
			e.mu.Unlock()
			return errorReply(err, req.action, req.requestID)
		}
	}
	for k, ks := range keys {
		if len(e.opts.Limits.windows(Kind(k))) > 0 {
			e.history.record(ks, req.now)
		}
	}
	e.bizSeq++
	bizID := fmt.Sprintf("%d^0", bizIDBase+e.bizSeq)
	e.mu.Unlock()

	// The receipt policy is user code: run it without holding the lock.
	records := make([]*stored, len(msgs))
	for i, m := range msgs {
		msg := Message{
			BizId:           bizID,
			RequestId:       req.requestID,
			Action:          req.action,
			PhoneNumber:     m.number,
			SignName:        m.sign,
			TemplateCode:    m.templateCode,
			Params:          m.params,
			OutId:           m.outID,
			SmsUpExtendCode: m.extendCode,
			Content:         "【" + m.sign + "】" + m.template.render(m.params),
			SendTime:        req.now,
			Status:          StatusWaiting,
		}
		var receipt Receipt
		if e.opts.Receipt != nil {
			receipt = e.opts.Receipt(msg.clone())
		}
		records[i] = &stored{msg: msg, receipt: receipt}
	}

	e.mu.Lock()
	for i, r := range records {
		e.messages = append(e.messages, r)
		key := msgs[i].phone.key
		e.byNumber[key] = append(e.byNumber[key], r)
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
