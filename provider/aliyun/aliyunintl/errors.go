package aliyunintl

import (
	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/internal/hosted"
)

// A business refusal of the international API arrives as HTTP 200 with
// ResponseCode other than "OK" (Aliyun's international error codes,
// https://help.aliyun.com/en/sms/developer-reference/error-codes); a
// gateway error (signature, AccessKey, throttling) arrives as for SendSms
// and is classified by provider/aliyun.

// refusalClass is how one ResponseCode is reported.
type refusalClass struct {
	code sms.Code
	what string
}

// refusals are the documented ResponseCodes. Each is a refusal: the
// message was not accepted.
var refusals = map[string]refusalClass{
	"INVALID_SENDERID":           {sms.PermissionDenied, "sender id (From) invalid or not approved"},
	"FORBIDDEN_ACTION":           {sms.PermissionDenied, "API access of the account restricted"},
	"OUT_OF_SERVICE":             {sms.QuotaExceeded, "international SMS service suspended for the account"},
	"ACCOUNT_NOT_EXISTS":         {sms.PermissionDenied, "account not found: enable SMS and verify the account"},
	"SMS_CONTENT_CODE_ILLEGAL":   {sms.PermissionDenied, "template not found, not approved or blocked"},
	"SMS_SIGN_NAME_ILLEGAL":      {sms.PermissionDenied, "sign not found or blocked"},
	"MOBILE_NUMBER_ILLEGAL":      {sms.InvalidArgument, "recipient number refused as malformed"},
	"MOBILE_COUNT_OVER_LIMIT":    {sms.InvalidArgument, "too many numbers"},
	"CONTENT_MISSING_PARAMETERS": {sms.InvalidArgument, "template params do not match its variables"},
	"INVALID_PARAMETERS":         {sms.InvalidArgument, "message refused as invalid"},
	"INVALID_JSON_PARAM":         {sms.InvalidArgument, "template params are not a JSON object of strings"},
}

// refusal reports a ResponseCode refusal. A known code is shown as
// ProviderCode; an unknown one is not shown at all (it could carry request
// data), and is reported as Unknown but not accepted: the API said it
// refused the message. ResponseDescription is never shown.
func refusal(code string, ans hosted.Answer) *sms.Error {
	c, known := refusals[code]
	if !known {
		return &sms.Error{Code: sms.Unknown, NotAccepted: true, Provider: Name, RequestID: ans.RequestID,
			Message: "message refused with a ResponseCode not known to smskit"}
	}
	return &sms.Error{Code: c.code, NotAccepted: true, Provider: Name, ProviderCode: code,
		RequestID: ans.RequestID, Message: c.what}
}
