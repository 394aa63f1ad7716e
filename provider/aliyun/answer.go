package aliyun

import (
	"net/http"
	"strconv"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// maxAnswerBytes is the largest answer body read as Aliyun's: its answers
// are a few hundred bytes, a page of QuerySendDetails a few kilobytes.
const maxAnswerBytes = 64 << 10

// answer is one HTTP answer to an API call, read by this package itself
// from the status and body, whatever the SDK made of them (it decodes
// non-string fields of a 200 answer fuzzily, panics on some of a 4xx, and
// quotes the body in its errors).
type answer struct {
	status int
	// shaped is true when the answer has the API's own shape: HTTP 200 (a
	// business answer) or 4xx/5xx (a gateway error) with a JSON object
	// whose Code is a non-empty string and whose other known fields are
	// strings. Anything else, including a redirect, comes from something
	// else on the way (a proxy, a gateway, a captive portal), which may
	// have passed the request on: it is never success and never "not
	// accepted".
	shaped bool
	// The raw fields, read only by the classification and shown only
	// through the redaction rule.
	code, message, requestID, bizID string
}

// answered reports whether the SDK received a whole answer to the call of r:
// it sets the status only once it read the body.
func answered(r *responses.BaseResponse) bool { return r != nil && r.GetHttpStatus() != 0 }

// readAnswer reads the answer in r; answered(r) must hold.
func readAnswer(r *responses.BaseResponse) answer {
	a := answer{status: r.GetHttpStatus()}
	body := r.GetHttpContentString()
	if a.status != http.StatusOK && (a.status < 400 || a.status > 599) || len(body) > maxAnswerBytes {
		return a
	}
	b, ok := decodeAnswerBody(body, r.GetHttpContentBytes())
	if !ok || b.Code == "" || b.Code == codeOK && a.status != http.StatusOK {
		return a
	}
	a.shaped = true
	a.code, a.message, a.requestID, a.bizID = b.Code, b.Message, b.RequestID, b.BizID
	return a
}

// codeOK is the Code of an accepted call.
const codeOK = "OK"

// maxBizIDLength bounds a BizId.
const maxBizIDLength = 64

// isBizID reports whether id has the form of a BizId
// ("900619746936498440^0"): 1 to maxBizIDLength letters, digits, "^", "_"
// and "-". (By hand: a regular expression costs a few percent of a send.) A
// BizId is a long run of digits, so it is checked for credentials, param
// values and the whole number (redact.WholeNumbers), not for runs of four of
// the number's digits or for codes, which any BizId holds by chance.
func isBizID(id string) bool {
	if len(id) == 0 || len(id) > maxBizIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && c != '^' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// failure returns the error a's answer means, or nil when it accepts the
// call (Code "OK" under HTTP 200).
func (a answer) failure(d callSecrets) *sms.Error {
	switch {
	case !a.shaped:
		return &sms.Error{Code: sms.Unknown, Provider: Name,
			Message: "HTTP " + strconv.Itoa(a.status) + " answer that is not Aliyun's: the request may have " +
				"reached Aliyun and been accepted; check receipts (Status) before sending again"}
	case a.code != codeOK:
		return apiFailure(a.status, a.code, a.message, a.requestID, d.list())
	}
	return nil
}

// sendResult turns a's answer to SendSms into the Result or the error.
//
// An answer "OK" without a usable BizId is malformed: Aliyun said it
// accepted the message, so the message was probably sent, but the Result
// contract needs a MessageID to find its receipt. It is reported as an
// Unknown error that may have been accepted, keeping Aliyun's code "OK" and
// its request id, so that nothing retries or fails over a message that was
// probably sent, and the caller checks receipts before sending again.
func (a answer) sendResult(d callSecrets) (sms.Result, error) {
	if err := a.failure(d); err != nil {
		return sms.Result{}, err
	}
	// The ids are checked against the secrets only now: an answer that is
	// not a success, or whose ids fail their form, has no use for them.
	var requestID string
	var sec idCheck
	if isRequestID(a.requestID) || isBizID(a.bizID) {
		sec = d.forIDs()
		requestID = safeRequestID(a.requestID, sec)
	}
	if !isBizID(a.bizID) || sec.InID(a.bizID, redact.WholeNumbers) {
		return sms.Result{}, &sms.Error{Code: sms.Unknown, Provider: Name, ProviderCode: codeOK, RequestID: requestID,
			Message: "Aliyun accepted the message (Code OK) but gave no usable BizId: it was probably sent; " +
				"check receipts before sending again"}
	}
	return sms.Result{Provider: Name, MessageID: a.bizID, RequestID: requestID}, nil
}
