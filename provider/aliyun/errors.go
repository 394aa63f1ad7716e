package aliyun

import (
	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/apierr"
)

// Name names this provider in Result.Provider and Error.Provider, and is the
// default Options.TemplateKey.
const Name = "aliyun"

// APIError is an error answer from Aliyun: a business error (HTTP 200 with a
// Code other than "OK") or a gateway error (HTTP 4xx or 5xx). An *sms.Error
// from this package wraps it; find it with errors.As.
//
// It carries only fields the package chose and checked (see the redaction
// rule in the package documentation), never the answer's body.
type APIError struct {
	// HTTPStatus is the answer's HTTP status.
	HTTPStatus int
	// Code is Aliyun's error code, such as "isv.BUSINESS_LIMIT_CONTROL";
	// empty when the code is not of Aliyun's form or showed request data.
	Code string
	// Message is Aliyun's message, cut to 200 characters; empty when it
	// held anything of the request (Aliyun quotes the string to sign, with
	// the number and params, in some messages) or anything like a number.
	Message string
	// RequestID is Aliyun's id of the request; empty when it is not of
	// Aliyun's form (a UUID in upper-case hex).
	RequestID string
}

// Error formats e as "aliyun: HTTP 200 isv.BUSINESS_LIMIT_CONTROL: MESSAGE (request ID)".
func (e *APIError) Error() string {
	return apierr.Format(Name, e.HTTPStatus, e.Message, e.RequestID, e.Code)
}

// class is how one kind of Aliyun error is reported to callers.
type class struct {
	code        sms.Code
	notAccepted bool
	what        string // for people
}

// The kinds of Aliyun errors, as ALIYUN.md groups them.
var (
	invalidInput = class{sms.InvalidArgument, true, "message refused as invalid"}
	badConfig    = class{sms.PermissionDenied, true, "sign name or template not usable"}
	denied       = class{sms.PermissionDenied, true, "request not authorized"}
	badSecret    = class{sms.PermissionDenied, true, "request signature refused: check the AccessKey secret " +
		"(Options.AccessKeySecret or ALIBABA_CLOUD_ACCESS_KEY_SECRET), which does not match the AccessKey ID"}
	unknownKey = class{sms.PermissionDenied, true, "AccessKey ID not found: check the AccessKey ID " +
		"(Options.AccessKeyID or ALIBABA_CLOUD_ACCESS_KEY_ID) and that the key is not deleted"}
	clockSkew    = class{sms.PermissionDenied, true, "request timestamp refused: check the clock"}
	quota        = class{sms.QuotaExceeded, true, "account quota exhausted"}
	perNumber    = class{sms.RateLimited, true, "frequency limit for this number reached"}
	throttled    = class{sms.RateLimited, true, "throttled by Aliyun"}
	transient    = class{sms.Unavailable, true, "Aliyun temporarily unavailable"}
	nonceReused  = class{sms.Unknown, false, "signature nonce already used: an earlier copy of this request may have been accepted"}
	unknownCode  = class{sms.Unknown, true, "error not known to smskit"}
	serverFault  = class{sms.Unavailable, true, "Aliyun server error"}
	gatewayFault = class{sms.Unknown, false, "HTTP error without an Aliyun error code: the request may have reached Aliyun"}
)

// classes maps every error code of ALIYUN.md to its class. A code that is
// not here is unknownCode (or serverFault with HTTP 5xx): an error answer
// means Aliyun did not accept the request, so it is not accepted.
var classes = map[string]class{
	"isv.MOBILE_NUMBER_ILLEGAL":         invalidInput,
	"isv.MOBILE_COUNT_OVER_LIMIT":       invalidInput,
	"isv.TEMPLATE_MISSING_PARAMETERS":   invalidInput,
	"isv.INVALID_PARAMETERS":            invalidInput,
	"isv.INVALID_JSON_PARAM":            invalidInput,
	"isv.PARAM_LENGTH_LIMIT":            invalidInput,
	"isv.PARAM_NOT_SUPPORT_URL":         invalidInput,
	"isv.TEMPLATE_PARAMS_ILLEGAL":       invalidInput,
	"isv.BLACK_KEY_CONTROL_LIMIT":       invalidInput,
	"isv.EXTEND_CODE_ERROR":             invalidInput,
	"isv.DOMESTIC_NUMBER_NOT_SUPPORTED": invalidInput,
	"isv.SMS_CONTENT_ILLEGAL":           invalidInput,

	"isv.SMS_TEMPLATE_ILLEGAL":        badConfig,
	"isv.SMS_SIGNATURE_ILLEGAL":       badConfig,
	"isv.SMS_SIGN_ILLEGAL":            badConfig,
	"isv.SIGN_STATE_ILLEGAL":          badConfig,
	"isv.SMS_SIGNATURE_SCENE_ILLEGAL": badConfig,

	"isp.RAM_PERMISSION_DENY":     denied,
	"isv.DENY_IP_RANGE":           denied,
	"SignatureDoesNotMatch":       badSecret,
	"InvalidAccessKeyId.NotFound": unknownKey,
	"isv.ACCOUNT_NOT_EXISTS":      denied,
	"isv.ACCOUNT_ABNORMAL":        denied,
	"isv.PRODUCT_UN_SUBSCRIPT":    denied,
	"isv.PRODUCT_UNSUBSCRIBE":     denied,
	"InvalidTimeStamp.Expired":    clockSkew,
	"isv.AMOUNT_NOT_ENOUGH":       quota,
	"isv.OUT_OF_SERVICE":          quota,
	"isv.DAY_LIMIT_CONTROL":       quota,
	"isv.MONTH_LIMIT_CONTROL":     quota,
	"isv.BUSINESS_LIMIT_CONTROL":  perNumber,
	"Throttling":                  throttled,
	"Throttling.User":             throttled,
	"Throttling.Api":              throttled,
	"isp.SYSTEM_ERROR":            transient,
	"isp.GATEWAY_ERROR":           transient,
	"ServiceUnavailable":          transient,
	"SignatureNonceUsed":          nonceReused,
}

// classOf returns the class of an error answer. An error answer from
// Aliyun's API, with its code, means Aliyun did not accept the request,
// whatever HTTP status carries it: only for a code not in the table does
// the status pick between serverFault (5xx) and unknownCode. An answer
// without a code is not Aliyun's API answering but something in front of it
// (a gateway's 502 page), which may have passed the request on.
func classOf(code string, httpStatus int) class {
	return apierr.Classify(classes, code, httpStatus, gatewayFault, serverFault, unknownCode)
}

// apiFailure turns an error answer into an *sms.Error that wraps an
// *APIError. code, rawMessage and rawRequestID are Aliyun's; each is quoted
// only if the redaction rule lets it through.
func apiFailure(httpStatus int, code, rawMessage, rawRequestID string, sec secrets) *sms.Error {
	c := classOf(code, httpStatus)
	shown, shownCode, requestID := safeProviderMessage(rawMessage, sec), safeCode(code, sec), safeRequestID(rawRequestID, sec)
	e := apierr.Class{Code: c.code, NotAccepted: c.notAccepted, What: c.what}.Error(Name, shown, shownCode, requestID,
		&APIError{HTTPStatus: httpStatus, Code: shownCode, Message: shown, RequestID: requestID})
	if c == perNumber {
		e.RetryAfter = apierr.LimitWindow(rawMessage)
		e.PerRecipient = true
	}
	return e
}

// optionsError reports bad Options: an *sms.OptionsError wrapping
// sms.ErrInvalidOptions.
func optionsError(reason string) error { return sms.NewOptionsError(Name, reason) }
