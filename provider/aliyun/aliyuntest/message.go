package aliyuntest

import (
	"strconv"
	"time"
)

// Status is the delivery status of an accepted message, numbered as
// QuerySendDetails reports it in SendStatus.
type Status int

const (
	// StatusWaiting means the message was accepted and no receipt arrived yet.
	StatusWaiting Status = 1
	// StatusFailed means the receipt reported failure; ErrCode says why.
	StatusFailed Status = 2
	// StatusDelivered means the receipt reported delivery.
	StatusDelivered Status = 3
)

// String returns "Waiting", "Failed" or "Delivered".
func (s Status) String() string {
	switch s {
	case StatusWaiting:
		return "Waiting"
	case StatusFailed:
		return "Failed"
	case StatusDelivered:
		return "Delivered"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// Message is one accepted message to one number: a SendSms with three numbers
// stores three Messages sharing a BizId. The Emulator hands out copies, with
// Status, ReceiveTime and ErrCode evaluated at the emulator's current time.
type Message struct {
	// BizID is Aliyun's receipt id (BizId) returned to the sender, e.g.
	// "100000000000000001^0". Every number of one request shares it.
	BizID string
	// RequestID is the RequestId of the accepting response.
	RequestID string
	// Action is "SendSms", "SendBatchSms" or "SendSmsVerifyCode".
	Action string
	// PhoneNumber is the number as the request gave it, e.g. "+8613800138000".
	PhoneNumber string
	// E164 is the number as Aliyun read PhoneNumber, in E.164: 11 digits
	// starting with 1 are a mainland number ("13125550100" is
	// "+8613125550100", whatever the sender meant), anything else is
	// country code and number.
	E164 string
	// SignName is the sign name (签名).
	SignName string
	// TemplateCode is the template code, e.g. "SMS_154950909".
	TemplateCode string
	// Params holds the template variables, e.g. {"code": "1234"}.
	Params map[string]string
	// OutID is the caller's reference (OutId), echoed in receipts.
	OutID string
	// UpExtendCode is the uplink extension code (SmsUpExtendCode).
	UpExtendCode string
	// Type is, for SendMessageToGlobe, the message type (TypeOTP,
	// TypeNotify, TypeMarketing or empty).
	Type string
	// VerifyCode is, for SendSmsVerifyCode, the code Aliyun generated into
	// Params and Content; empty for other actions and for a TemplateParam
	// without CodePlaceholder.
	VerifyCode string
	// Content is the text the phone shows: "【SignName】" followed by the
	// template text with every variable substituted.
	Content string
	// SendTime is when the message was accepted, on the emulator's clock.
	SendTime time.Time
	// Status is the delivery status.
	Status Status
	// ReceiveTime is when the receipt arrived; zero while waiting.
	ReceiveTime time.Time
	// ErrCode is the receipt's code: "DELIVERED" once delivered, the
	// failure code once failed, empty while waiting.
	ErrCode string
}

// clone returns a copy of m that shares no map with it.
func (m Message) clone() Message {
	params := make(map[string]string, len(m.Params))
	for k, v := range m.Params {
		params[k] = v
	}
	m.Params = params
	return m
}
