package alidayu

import (
	"cmp"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/smskit/sms"
)

// sendAnswer is the gateway's answer to alibaba.aliqin.fc.sms.num.send:
// a success envelope or an error_response.
type sendAnswer struct {
	Send *struct {
		Result *struct {
			ErrCode string `json:"err_code"`
			Model   string `json:"model"`
			Success bool   `json:"success"`
			Msg     string `json:"msg"`
		} `json:"result"`
		RequestID string `json:"request_id"`
	} `json:"alibaba_aliqin_fc_sms_num_send_response"`
	Error *struct {
		Code      json.RawMessage `json:"code"`
		Msg       string          `json:"msg"`
		SubCode   string          `json:"sub_code"`
		SubMsg    string          `json:"sub_msg"`
		RequestID string          `json:"request_id"`
	} `json:"error_response"`
}

// topCode reads an error_response code, a JSON number or a string of
// digits; 0 for anything else.
func topCode(raw json.RawMessage) int {
	s := strings.Trim(string(raw), `"`)
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 1_000_000 {
		return 0
	}
	return n
}

// readSendAnswer classifies the answer of call c.
func readSendAnswer(c *call, sec secrets) (sms.Result, error) {
	if !c.complete || (c.status >= 300 && c.status < 400) {
		return sms.Result{}, unreadable(c)
	}
	var a sendAnswer
	decoded := json.Unmarshal(c.body, &a) == nil
	switch {
	case decoded && a.Error != nil && (topCode(a.Error.Code) != 0 || a.Error.SubCode != ""):
		r := a.Error
		return sms.Result{}, apiFailure(c.status, topCode(r.Code), r.SubCode, cmp.Or(r.SubMsg, r.Msg), r.RequestID, sec)
	case c.status != 200, !decoded, a.Send == nil, a.Send.Result == nil:
		e := &sms.Error{Code: gatewayFault.code, NotAccepted: gatewayFault.notAccepted, Provider: Name,
			Message: "HTTP " + strconv.Itoa(c.status) + " answer that is not the gateway's answer to a send: " +
				"the request may have been accepted"}
		if a.Send != nil {
			e.RequestID = safeRequestID(a.Send.RequestID, sec)
		}
		return sms.Result{}, e
	}
	r := a.Send.Result
	requestID := safeRequestID(a.Send.RequestID, sec)
	if !r.Success || r.ErrCode != "0" {
		return sms.Result{}, apiFailure(c.status, 0, r.ErrCode, r.Msg, a.Send.RequestID, sec)
	}
	id := safeModel(r.Model, sec)
	if id == "" {
		return sms.Result{}, &sms.Error{Code: sms.Unknown, Provider: Name, RequestID: requestID,
			Message: "success without a message id of Alidayu's form: the message may have been accepted"}
	}
	return sms.Result{Provider: Name, MessageID: id, RequestID: requestID}, nil
}
