package aliyun

import (
	"cmp"
	"context"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// MaxBatchNumbers is the most numbers one SendBatchSms call names.
const MaxBatchNumbers = 100

var _ sms.BatchSender = (*Sender)(nil)

// BatchLimit returns MaxBatchNumbers: SendBatch makes one SendBatchSms call
// per MaxBatchNumbers recipients that pass their checks.
func (s *Sender) BatchLimit() int { return MaxBatchNumbers }

// batchEntry is one recipient of a batch that passed its checks.
type batchEntry struct {
	index  int
	p      sms.Prepared
	number string
}

// SendBatch sends b with SendBatchSms. Every recipient is first checked as
// Send checks a message (number, sign, params against the template, the
// template's kind against the number, sizes): one that fails is refused
// alone with Send's error, NotAccepted. The others are sent in calls of at
// most MaxBatchNumbers, in order; PhoneNumberJson, SignNameJson and
// TemplateParamJson are arrays of the same length, matched by index. Each
// recipient's sign is its own, or else the template's, or else
// Options.SignName; b.Reference is the call's OutId.
//
// Aliyun answers a call for all its numbers at once: when it accepts, every
// recipient of the call gets a Result with the call's BizId as MessageID
// (Status finds each number's receipt with it); when a call fails, every
// recipient of the call gets the same error, classified and redacted as
// Send's (no number, param value or credential in it), and when that
// error may have been accepted, it may have been for each of them. A
// per-number refusal by Aliyun (isv.BUSINESS_LIMIT_CONTROL) fails the whole
// call: its error is marked PerRecipient although Aliyun does not say which
// number it concerns.
func (s *Sender) SendBatch(ctx context.Context, b sms.Batch) ([]sms.BatchResult, error) {
	if err := sms.CheckBatch(ctx, b, Name); err != nil {
		return nil, err
	}
	out := make([]sms.BatchResult, len(b.Recipients))
	chunk := make([]batchEntry, 0, min(len(b.Recipients), MaxBatchNumbers))
	for i, r := range b.Recipients {
		p, err := s.validator.Prepare(ctx, r.Message(b.Template, b.Reference))
		if err != nil {
			out[i].Err = err
			continue
		}
		number, nerr := aliyunNumber(p.Phone)
		if nerr != nil {
			out[i].Err = nerr
			continue
		}
		chunk = append(chunk, batchEntry{index: i, p: p, number: number})
		if len(chunk) == MaxBatchNumbers {
			s.sendChunk(ctx, chunk, b.Reference, out)
			chunk = chunk[:0]
		}
	}
	if len(chunk) > 0 {
		s.sendChunk(ctx, chunk, b.Reference, out)
	}
	return out, nil
}

// sendChunk makes one SendBatchSms call for chunk, whose recipients all
// passed their checks, and writes each one's outcome into out.
func (s *Sender) sendChunk(ctx context.Context, chunk []batchEntry, reference string, out []sms.BatchResult) {
	code := chunk[0].p.Code // one template: the same code for every recipient
	var numbers, signs, params, extend strings.Builder
	anyParams := false
	numbers.WriteByte('[')
	signs.WriteByte('[')
	params.WriteByte('[')
	extend.WriteByte('[')
	for i, e := range chunk {
		if i > 0 {
			numbers.WriteByte(',')
			signs.WriteByte(',')
			params.WriteByte(',')
			extend.WriteByte(',')
		}
		writeJSONString(&numbers, e.number)
		writeJSONString(&signs, cmp.Or(e.p.Sign, s.settings.SignName))
		if tp := templateParam(e.p.Message.Params); tp != "" {
			params.WriteString(tp)
			anyParams = true
		} else {
			params.WriteString("{}")
		}
		writeJSONString(&extend, s.settings.UpExtendCode)
	}
	numbers.WriteByte(']')
	signs.WriteByte(']')
	params.WriteByte(']')
	extend.WriteByte(']')

	a := action{name: "SendBatchSms"}
	a.add("PhoneNumberJson", numbers.String())
	a.add("SignNameJson", signs.String())
	a.add("TemplateCode", code)
	if anyParams {
		a.add("TemplateParamJson", params.String())
	}
	a.add("OutId", reference)
	if s.settings.UpExtendCode != "" {
		a.add("SmsUpExtendCodeJson", extend.String())
	}
	resp := responses.NewCommonResponse()
	c, err := s.do(ctx, &a, resp)
	var res sms.Result
	switch {
	case err != nil: // not started
	case !answered(resp.BaseResponse):
		err = failure(ctx, c, batchSecrets(c, chunk))
	default:
		res, err = readAnswer(resp.BaseResponse).batchResult(c, chunk)
	}
	for _, e := range chunk {
		if err != nil {
			out[e.index].Err = err
		} else {
			out[e.index].Result = res
		}
	}
}

// batchSecrets lists the secrets of one SendBatchSms call: its credentials
// and signature, and every recipient's number and param values.
func batchSecrets(c *call, chunk []batchEntry) secrets {
	sec := secretsOf(c, chunk[0].p.Phone, chunk[0].p.Message.Params)
	for _, e := range chunk[1:] {
		sec.AddNumber(e.p.Phone.E164())
		sec.AddNumber(e.p.Phone.National)
		for _, v := range e.p.Message.Params {
			sec.AddValue(v)
		}
	}
	return sec
}

// batchResult turns a's answer to SendBatchSms into the call's Result or
// error, as sendResult does for SendSms.
func (a answer) batchResult(c *call, chunk []batchEntry) (sms.Result, error) {
	if !a.shaped {
		return sms.Result{}, a.failure(callSecrets{c: c})
	}
	sec := batchSecrets(c, chunk)
	if a.code != codeOK {
		return sms.Result{}, apiFailure(a.status, a.code, a.message, a.requestID, sec)
	}
	requestID := safeRequestID(a.requestID, sec)
	if !isBizID(a.bizID) || sec.InID(a.bizID, redact.WholeNumbers) {
		return sms.Result{}, &sms.Error{Code: sms.Unknown, Provider: Name, ProviderCode: codeOK, RequestID: requestID,
			Message: "Aliyun accepted the batch (Code OK) but gave no usable BizId: it was probably sent; " +
				"check receipts before sending again"}
	}
	return sms.Result{Provider: Name, MessageID: a.bizID, RequestID: requestID}, nil
}
