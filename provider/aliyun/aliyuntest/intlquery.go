package aliyuntest

import (
	"encoding/xml"
	"net/http"
	"time"
)

// ActionQueryMessage is the international API's delivery query (Version
// IntlAPIVersion): the status of one message by its MessageId
// (https://help.aliyun.com/en/sms/developer-reference/api-dysmsapi-2018-05-01-querymessage).
// Status is "1" delivered, "2" failed, "3" being sent; the emulator
// answers Status "" for a MessageId it does not know (Aliyun does not
// document that case), and only for messages of the international actions.
const ActionQueryMessage = "QueryMessage"

// The Status values of QueryMessage.
const (
	QueryDelivered = "1"
	QueryFailed    = "2"
	QuerySending   = "3"
)

// queryMessageBody answers QueryMessage.
type queryMessageBody struct {
	XMLName             xml.Name      `json:"-"`
	RequestID           string        `json:"RequestId" xml:"RequestId"`
	ResponseCode        string        `json:"ResponseCode" xml:"ResponseCode"`
	ResponseDescription string        `json:"ResponseDescription" xml:"ResponseDescription"`
	MessageID           string        `json:"MessageId,omitempty" xml:"MessageId,omitempty"`
	Status              string        `json:"Status" xml:"Status"`
	ErrorCode           string        `json:"ErrorCode,omitempty" xml:"ErrorCode,omitempty"`
	ErrorDescription    string        `json:"ErrorDescription,omitempty" xml:"ErrorDescription,omitempty"`
	SendDate            string        `json:"SendDate,omitempty" xml:"SendDate,omitempty"`
	ReceiveDate         string        `json:"ReceiveDate,omitempty" xml:"ReceiveDate,omitempty"`
	To                  string        `json:"To,omitempty" xml:"To,omitempty"`
	Message             string        `json:"Message,omitempty" xml:"Message,omitempty"`
	NumberDetail        *numberDetail `json:"NumberDetail,omitempty" xml:"NumberDetail,omitempty"`
}

// queryDateLayout is the form of SendDate and ReceiveDate in Aliyun's
// example ("Mon, 24 Dec 2018 16:58:22 +0800").
const queryDateLayout = time.RFC1123Z

// queryMessage serves QueryMessage.
func (e *Emulator) queryMessage(req *incoming) reply {
	id := req.params.Get("MessageId")
	if id == "" {
		return errorReply(missingParameter("MessageId"), req.action, req.requestID)
	}
	body := queryMessageBody{XMLName: rootName(req.action), RequestID: req.requestID, ResponseCode: IntlOK,
		ResponseDescription: "OK", MessageID: id}
	e.mu.Lock()
	var found *Message
	for i := len(e.store.messages) - 1; i >= 0; i-- {
		s := e.store.messages[i]
		if s.msg.BizID == id && (s.msg.Action == ActionSendMessageToGlobe || s.msg.Action == ActionSendMessageWithTemplate) {
			m := s.at(req.now)
			found = &m
			break
		}
	}
	e.mu.Unlock()
	if found != nil {
		body.To, body.Message = found.E164[1:], found.Content
		body.SendDate = found.SendTime.In(beijing).Format(queryDateLayout)
		switch found.Status {
		case StatusDelivered:
			body.Status, body.ErrorCode, body.ErrorDescription = QueryDelivered, found.ErrCode, "success"
		case StatusFailed:
			body.Status, body.ErrorCode, body.ErrorDescription = QueryFailed, found.ErrCode, "failed"
		default:
			body.Status = QuerySending
		}
		if !found.ReceiveTime.IsZero() {
			body.ReceiveDate = found.ReceiveTime.In(beijing).Format(queryDateLayout)
		}
	}
	return reply{status: http.StatusOK, body: body}
}
