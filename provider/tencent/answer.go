package tencent

import (
	"encoding/json"
	"strconv"

	"github.com/smskit/sms"
)

// callSecrets are the secrets of one call, not yet listed: listing them
// costs allocations, so an answer lists them only when it needs them.
type callSecrets struct {
	cred      *credentials
	c         *call
	to        sms.Phone
	params    map[string]string
	reference string
}

// list returns the secrets, listed.
func (d callSecrets) list() secrets { return secretsOf(*d.cred, d.c, d.to, d.params, d.reference) }

// apiError is the Error of an answer.
type apiError struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

// sendStatus is one number's status in a SendSms answer.
type sendStatus struct {
	SerialNo       string `json:"SerialNo"`
	PhoneNumber    string `json:"PhoneNumber"`
	Code           string `json:"Code"`
	Message        string `json:"Message"`
	SessionContext string `json:"SessionContext"`
}

// sendAnswer is a SendSms answer.
type sendAnswer struct {
	Response struct {
		Error         *apiError    `json:"Error"`
		RequestID     string       `json:"RequestId"`
		SendStatusSet []sendStatus `json:"SendStatusSet"`
	} `json:"Response"`
}

// errorOf classifies an answer that is not a success of its action:
// a status other than 200, or an Error. It returns nil for a 200 answer
// without Error. ok is false when the body is not Tencent's JSON.
func errorOf(status int, rerr *apiError, requestID string, decoded bool, sec secrets) *sms.Error {
	switch {
	case decoded && rerr != nil && rerr.Code != "":
		return apiFailure(status, rerr.Code, rerr.Message, requestID, sec)
	case status != 200:
		return apiFailure(status, "", "", requestID, sec) // no code: gatewayFault
	case !decoded:
		return &sms.Error{Code: sms.Unknown, NotAccepted: false, Provider: Name,
			Message: "HTTP 200 answer that is not Tencent's JSON: the request may have been accepted"}
	}
	return nil
}

// readSendAnswer classifies the answer to a SendSms call for the number
// to (E.164).
func readSendAnswer(c *call, to string, d callSecrets) (sms.Result, error) {
	var a sendAnswer
	decoded := json.Unmarshal(c.body, &a) == nil
	r := a.Response
	if err := errorOf(c.status, r.Error, r.RequestID, decoded, d.list()); err != nil {
		return sms.Result{}, err
	}
	if len(r.SendStatusSet) != 1 || r.SendStatusSet[0].PhoneNumber != to {
		return sms.Result{}, &sms.Error{Code: sms.Unknown, NotAccepted: false, Provider: Name,
			RequestID: safeRequestID(r.RequestID, d.list()),
			Message: "SendSms answer with " + strconv.Itoa(len(r.SendStatusSet)) +
				" statuses, none for the number sent: the message may have been accepted"}
	}
	st := r.SendStatusSet[0]
	if st.Code != codeOK {
		return sms.Result{}, apiFailure(c.status, st.Code, st.Message, r.RequestID, d.list())
	}
	sec := d.list()
	// The SerialNo is a long run of digits: it is checked against the
	// credentials, the number and the params, not against the request's
	// signature, whose hex holds six digits in a row of any such id now and
	// then.
	unsigned := d
	unsigned.c = nil
	id := safeSerialNo(st.SerialNo, unsigned.list())
	if id == "" {
		return sms.Result{}, &sms.Error{Code: sms.Unknown, NotAccepted: false, Provider: Name,
			RequestID: safeRequestID(r.RequestID, sec),
			Message:   "SendSms answered Ok without a SerialNo of Tencent's form: the message may have been accepted"}
	}
	return sms.Result{Provider: Name, MessageID: id, RequestID: safeRequestID(r.RequestID, sec)}, nil
}
