package alidayu

import (
	"strconv"
	"strings"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/apierr"
)

// APIError is an error answer of the TOP gateway (error_response), or a
// result that is not a success. An *sms.Error from this package wraps it;
// find it with errors.As.
//
// It carries only fields the package chose and checked (see the redaction
// rule in the package documentation), never the answer's body.
type APIError struct {
	// HTTPStatus is the answer's HTTP status.
	HTTPStatus int
	// Code is TOP's top-level error code (15 for "Remote service error",
	// 25 for "Invalid signature", ...); 0 when there is none.
	Code int
	// SubCode is the sub_code, such as "isv.BUSINESS_LIMIT_CONTROL"; empty
	// when there is none or it is not of TOP's form.
	SubCode string
	// Message is TOP's sub_msg (or msg), cut to 200 characters; empty when
	// it held anything of the request or anything like a number.
	Message string
	// RequestID is TOP's request_id; empty when it is not of TOP's form.
	RequestID string
}

// Error formats e as "alidayu: HTTP 200 15 isv.BUSINESS_LIMIT_CONTROL: MESSAGE (request ID)".
func (e *APIError) Error() string {
	codes := make([]string, 0, 2)
	if e.Code != 0 {
		codes = append(codes, strconv.Itoa(e.Code))
	}
	if e.SubCode != "" {
		codes = append(codes, e.SubCode)
	}
	return apierr.Format(Name, e.HTTPStatus, e.Message, e.RequestID, codes...)
}

// class is how one kind of TOP error is reported to callers.
type class struct {
	code        sms.Code
	notAccepted bool
	what        string // for people
}

// The kinds of TOP errors.
var (
	invalidInput = class{sms.InvalidArgument, true, "message refused as invalid"}
	badRequest   = class{sms.InvalidArgument, true, "request refused by the TOP gateway as malformed"}
	badConfig    = class{sms.PermissionDenied, true, "sign name or template not usable with this Alidayu app"}
	denied       = class{sms.PermissionDenied, true, "request not authorized"}
	badSecret    = class{sms.PermissionDenied, true, "request signature refused: check the AppSecret, " +
		"which does not match the AppKey, and the SignMethod"}
	unknownKey   = class{sms.PermissionDenied, true, "AppKey refused: check Options.AppKey"}
	clockSkew    = class{sms.PermissionDenied, true, "request timestamp refused: check the clock"}
	quota        = class{sms.QuotaExceeded, true, "account balance or quota exhausted"}
	perNumber    = class{sms.RateLimited, true, "frequency limit for this number reached"}
	throttled    = class{sms.RateLimited, true, "throttled by the TOP gateway"}
	transient    = class{sms.Unavailable, true, "Alidayu temporarily unavailable"}
	unknownCode  = class{sms.Unknown, true, "error not known to smskit"}
	gatewayFault = class{sms.Unknown, false, "answer without a TOP error: the request may have reached Alidayu"}
)

// subClasses maps the sub-codes of alibaba.aliqin.fc.sms.num.send (the
// isv. codes Alidayu shares with Aliyun's SendSms, ALIYUN.md, and the isp.
// codes of TOP's server side) to their class. They decide before the
// top-level code.
var subClasses = map[string]class{
	"isv.MOBILE_NUMBER_ILLEGAL":       invalidInput,
	"isv.MOBILE_COUNT_OVER_LIMIT":     invalidInput,
	"isv.TEMPLATE_MISSING_PARAMETERS": invalidInput,
	"isv.INVALID_PARAMETERS":          invalidInput,
	"isv.INVALID_JSON_PARAM":          invalidInput,
	"isv.PARAM_LENGTH_LIMIT":          invalidInput,
	"isv.PARAM_NOT_SUPPORT_URL":       invalidInput,
	"isv.BLACK_KEY_CONTROL_LIMIT":     invalidInput,
	"isv.EXTEND_CODE_ERROR":           invalidInput,

	"isv.SMS_TEMPLATE_ILLEGAL":  badConfig,
	"isv.SMS_SIGNATURE_ILLEGAL": badConfig,
	"isv.SMS_SIGN_ILLEGAL":      badConfig,

	"isv.ACCOUNT_NOT_EXISTS":   denied,
	"isv.ACCOUNT_ABNORMAL":     denied,
	"isv.PRODUCT_UNSUBSCRIBE":  denied,
	"isv.PRODUCT_UN_SUBSCRIPT": denied,
	"isv.PERMISSION_DENY":      denied,

	"isv.AMOUNT_NOT_ENOUGH":   quota,
	"isv.OUT_OF_SERVICE":      quota,
	"isv.DAY_LIMIT_CONTROL":   quota,
	"isv.MONTH_LIMIT_CONTROL": quota,

	"isv.BUSINESS_LIMIT_CONTROL": perNumber,

	"isp.SYSTEM_ERROR":  transient,
	"isp.GATEWAY_ERROR": transient,
}

// codeClasses maps TOP's platform error codes (below 100) to their class.
// The codes and their meanings are those of TOP's published error list
// ("错误码一览表": 7 App Call Limited, 10 Service Currently Unavailable,
// 11 Insufficient ISV Permissions, 15 Remote Service Error, 25 Invalid
// Signature, 27 Invalid Session, 29 Invalid App Key, 31 Invalid
// Timestamp, 40 Missing Required Arguments, 41 Invalid Arguments, ...; see
// http://blog.unvs.cn/archives/taobao-oauth-top-error-code.html, which
// quotes the open platform's page). Code 15 carries the business error in
// its sub_code; alone, it is unknownCode.
var codeClasses = map[int]class{
	4: throttled, 5: throttled, 6: throttled, 7: throttled, 8: throttled,
	9:  badRequest,
	10: transient,
	11: denied, 12: denied, 13: denied,
	21: badRequest, 22: badRequest, 23: badRequest,
	24: badSecret, 25: badSecret,
	26: denied, 27: denied,
	28: unknownKey, 29: unknownKey,
	30: badRequest, 31: clockSkew,
	32: badRequest, 33: badRequest, 34: badRequest,
	40: invalidInput, 41: invalidInput, 43: invalidInput,
	42: denied,
}

// classOf returns the class of an error answer: its sub-code's, else its
// code's; an isp. sub-code not listed is TOP's own trouble (retry later).
// An error answer means TOP did not take the request, so every class but
// gatewayFault is "not accepted".
func classOf(code int, subCode string) class {
	if c, ok := subClasses[subCode]; ok {
		return c
	}
	if strings.HasPrefix(subCode, "isp.") {
		return transient
	}
	if c, ok := codeClasses[code]; ok {
		return c
	}
	return unknownCode
}

// apiFailure turns an error answer into an *sms.Error that wraps an
// *APIError. rawSubCode, rawMessage and rawRequestID are TOP's; each is
// quoted only if the redaction rule lets it through.
func apiFailure(httpStatus, code int, rawSubCode, rawMessage, rawRequestID string, sec secrets) *sms.Error {
	c := classOf(code, rawSubCode)
	shown, sub, requestID := safeProviderMessage(rawMessage, sec), safeSubCode(rawSubCode, sec), safeRequestID(rawRequestID, sec)
	providerCode := sub
	if providerCode == "" && code != 0 {
		providerCode = strconv.Itoa(code)
	}
	e := apierr.Class{Code: c.code, NotAccepted: c.notAccepted, What: c.what}.Error(Name, shown, providerCode, requestID,
		&APIError{HTTPStatus: httpStatus, Code: code, SubCode: sub, Message: shown, RequestID: requestID})
	if c == perNumber {
		e.RetryAfter = apierr.LimitWindow(rawMessage)
		e.PerRecipient = true
	}
	return e
}

// optionsError reports bad Options: an *sms.OptionsError wrapping
// sms.ErrInvalidOptions.
func optionsError(reason string) error { return sms.NewOptionsError(Name, reason) }

// invalid reports a message this provider cannot send.
func invalid(rule error, message string) *sms.Error {
	return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name, Message: message, Err: rule}
}
