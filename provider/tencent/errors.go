package tencent

import (
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/apierr"
)

// Name names this provider in Result.Provider and Error.Provider, and is the
// default Options.TemplateKey.
const Name = "tencent"

// APIError is an error answer from Tencent Cloud: a whole-request error
// (Response.Error) or one number's failure in SendStatusSet. An *sms.Error
// from this package wraps it; find it with errors.As.
//
// It carries only fields the package chose and checked (see the redaction
// rule in the package documentation), never the answer's body.
type APIError struct {
	// HTTPStatus is the answer's HTTP status.
	HTTPStatus int
	// Code is Tencent's error code, such as
	// "LimitExceeded.PhoneNumberDailyLimit"; empty when it is not of
	// Tencent's form or showed request data.
	Code string
	// Message is Tencent's message, cut to 200 characters; empty when it
	// held anything of the request or anything like a number.
	Message string
	// RequestID is Tencent's id of the request; empty when it is not of
	// Tencent's form (a UUID).
	RequestID string
}

// Error formats e as "tencent: HTTP 200 CODE: MESSAGE (request ID)".
func (e *APIError) Error() string {
	return apierr.Format(Name, e.HTTPStatus, e.Message, e.RequestID, e.Code)
}

// class is how one kind of Tencent error is reported to callers.
type class struct {
	code        sms.Code
	notAccepted bool
	what        string        // for people
	window      time.Duration // per-recipient limits: the limit's window
}

// The kinds of Tencent errors.
var (
	invalidInput = class{code: sms.InvalidArgument, notAccepted: true, what: "message refused as invalid"}
	badConfig    = class{code: sms.PermissionDenied, notAccepted: true,
		what: "sign, template or SmsSdkAppId not usable with this Tencent account"}
	unserved = class{code: sms.PermissionDenied, notAccepted: true,
		what: "Tencent does not serve this destination for this account"}
	denied    = class{code: sms.PermissionDenied, notAccepted: true, what: "request not authorized"}
	badSecret = class{code: sms.PermissionDenied, notAccepted: true, what: "request signature refused: check " +
		"the SecretKey (Options.SecretKey or TENCENTCLOUD_SECRET_KEY), which does not match the SecretId"}
	unknownKey = class{code: sms.PermissionDenied, notAccepted: true, what: "SecretId not found: check " +
		"Options.SecretID or TENCENTCLOUD_SECRET_ID and that the key is enabled"}
	clockSkew     = class{code: sms.PermissionDenied, notAccepted: true, what: "request timestamp refused: check the clock"}
	quota         = class{code: sms.QuotaExceeded, notAccepted: true, what: "account quota or balance exhausted"}
	perNumber30s  = class{code: sms.RateLimited, notAccepted: true, what: "frequency limit for this number reached (30 seconds)", window: 30 * time.Second}
	perNumberHour = class{code: sms.RateLimited, notAccepted: true, what: "frequency limit for this number reached (1 hour)", window: time.Hour}
	perNumberDay  = class{code: sms.RateLimited, notAccepted: true, what: "frequency limit for this number reached (1 day)", window: 24 * time.Hour}
	throttled     = class{code: sms.RateLimited, notAccepted: true, what: "throttled by Tencent Cloud"}
	transient     = class{code: sms.Unavailable, notAccepted: true, what: "Tencent Cloud temporarily unavailable"}
	maybeSent     = class{code: sms.Unknown, notAccepted: false,
		what: "Tencent failed while handing the message on: it may have been accepted"}
	unknownCode  = class{code: sms.Unknown, notAccepted: true, what: "error not known to smskit"}
	serverFault  = class{code: sms.Unavailable, notAccepted: true, what: "Tencent Cloud server error"}
	gatewayFault = class{code: sms.Unknown, notAccepted: false,
		what: "HTTP error without a Tencent error code: the request may have reached Tencent"}
)

// classes maps Tencent's error codes (the common API codes and the SMS
// 2021-01-11 codes, https://cloud.tencent.com/document/api/382/52075 and
// https://cloud.tencent.com/document/api/382/59177) to their class. A code
// that is not here is unknownCode (or serverFault with HTTP 5xx): an error
// answer means Tencent did not accept the request.
var classes = map[string]class{
	// The message itself: it would fail anywhere.
	"FailedOperation.ContainSensitiveWord":                            invalidInput,
	"FailedOperation.FailResolvePacket":                               invalidInput,
	"FailedOperation.JsonParseFail":                                   invalidInput,
	"FailedOperation.PhoneNumberInBlacklist":                          invalidInput,
	"FailedOperation.PhoneNumberParseFail":                            invalidInput,
	"FailedOperation.MarketingSendTimeConstraint":                     invalidInput,
	"FailedOperation.OtherError":                                      invalidInput,
	"FailedOperation.ParametersOtherError":                            invalidInput,
	"InternalError.JsonParseFail":                                     invalidInput,
	"InvalidParameter":                                                invalidInput,
	"InvalidParameter.InvalidParameters":                              invalidInput,
	"InvalidParameter.DirtyWordFound":                                 invalidInput,
	"InvalidParameterValue":                                           invalidInput,
	"InvalidParameterValue.ContentLengthLimit":                        invalidInput,
	"InvalidParameterValue.IncorrectPhoneNumber":                      invalidInput,
	"InvalidParameterValue.ProhibitedUseUrlInTemplateParameter":       invalidInput,
	"InvalidParameterValue.TemplateParameterFormatError":              invalidInput,
	"InvalidParameterValue.TemplateParameterLengthLimit":              invalidInput,
	"InvalidParameterValue.BeginTimeVerifyFail":                       invalidInput,
	"InvalidParameterValue.EndTimeVerifyFail":                         invalidInput,
	"InvalidParameterValue.LimitVerifyFail":                           invalidInput,
	"InvalidParameterValue.OffsetVerifyFail":                          invalidInput,
	"MissingParameter":                                                invalidInput,
	"MissingParameter.EmptyPhoneNumberSet":                            invalidInput,
	"LimitExceeded.PhoneNumberCountLimit":                             invalidInput,
	"UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber": invalidInput,
	"UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone":       invalidInput,
	"UnsupportedOperation.GlobalTemplateToChineseMainlandPhone":       invalidInput,

	// This account's sign, template or application: another provider,
	// with its own, may send the message.
	"FailedOperation.SignatureIncorrectOrUnapproved":           badConfig,
	"FailedOperation.TemplateIncorrectOrUnapproved":            badConfig,
	"FailedOperation.TemplateUnapprovedOrNotExist":             badConfig,
	"FailedOperation.TemplateParamSetNotMatchApprovedTemplate": badConfig,
	"FailedOperation.MissingSignature":                         badConfig,
	"FailedOperation.MissingSignatureList":                     badConfig,
	"FailedOperation.MissingTemplateList":                      badConfig,
	"FailedOperation.TemplateIdNotExist":                       badConfig,
	"FailedOperation.SignIdNotExist":                           badConfig,
	"InvalidParameterValue.SdkAppIdNotExist":                   badConfig,
	"InvalidParameterValue.SignNameLengthTooLong":              badConfig,
	"InvalidParameter.AppidAndBizId":                           badConfig,
	"InternalError.RestApiInterfaceNotExist":                   badConfig,
	"LimitExceeded.AppCountryOrRegionInBlacklist":              unserved,
	"UnsupportedOperation.UnsupportedRegion":                   unserved,

	// Credentials and permissions.
	"AuthFailure.SignatureFailure":                                   badSecret,
	"AuthFailure.SecretIdNotFound":                                   unknownKey,
	"AuthFailure.SignatureExpire":                                    clockSkew,
	"InternalError.RequestTimeException":                             clockSkew,
	"AuthFailure.InvalidAuthorization":                               denied,
	"AuthFailure.InvalidSecretId":                                    denied,
	"AuthFailure.MFAFailure":                                         denied,
	"AuthFailure.TokenFailure":                                       denied,
	"AuthFailure.UnauthorizedOperation":                              denied,
	"UnauthorizedOperation":                                          denied,
	"UnauthorizedOperation.RequestIpNotInWhitelist":                  denied,
	"UnauthorizedOperation.RequestPermissionDeny":                    denied,
	"UnauthorizedOperation.SdkAppIdIsDisabled":                       denied,
	"UnauthorizedOperation.SmsSdkAppIdVerifyFail":                    denied,
	"UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny": denied,
	"FailedOperation.ProhibitSubAccountUse":                          denied,
	"IpInBlacklist":                                                  denied,
	"IpNotInWhitelist":                                               denied,
	"InvalidAction":                                                  denied,
	"ActionOffline":                                                  denied,
	"NoSuchProduct":                                                  denied,
	"NoSuchVersion":                                                  denied,
	"UnsupportedOperation":                                           denied,
	"UnsupportedOperation.":                                          denied,

	// Money and account-wide caps.
	"FailedOperation.InsufficientBalanceInSmsPackage":  quota,
	"UnauthorizedOperation.ServiceSuspendDueToArrears": quota,
	"LimitExceeded":                              quota,
	"LimitExceeded.AppDailyLimit":                quota,
	"LimitExceeded.AppGlobalDailyLimit":          quota,
	"LimitExceeded.AppMainlandChinaDailyLimit":   quota,
	"LimitExceeded.AppCountryOrRegionDailyLimit": quota,
	"LimitExceeded.DailyLimit":                   quota,

	// Per-recipient frequency limits: no failover, no breaker.
	"LimitExceeded.PhoneNumberThirtySecondLimit":     perNumber30s,
	"LimitExceeded.DeliveryFrequencyLimit":           perNumber30s,
	"LimitExceeded.PhoneNumberOneHourLimit":          perNumberHour,
	"LimitExceeded.PhoneNumberDailyLimit":            perNumberDay,
	"LimitExceeded.PhoneNumberSameContentDailyLimit": perNumberDay,

	// API rate limits: provider-wide.
	"RequestLimitExceeded":                              throttled,
	"RequestLimitExceeded.GlobalRegionUinLimitExceeded": throttled,
	"RequestLimitExceeded.IPLimitExceeded":              throttled,
	"RequestLimitExceeded.UinLimitExceeded":             throttled,

	// Tencent's own trouble before the message was taken.
	"InternalError.SigVerificationFail": transient,
	"InternalError.SigFieldMissing":     transient,
	"ResourceUnavailable":               transient,
	"ServiceUnavailable":                transient,

	// Trouble while the message was on its way to the carrier: Tencent
	// documents these as delivery timeouts (60008) and carrier answers it
	// could not read, so the message may have gone out.
	"InternalError":                          maybeSent,
	"InternalError.Timeout":                  maybeSent,
	"InternalError.SendAndRecvFail":          maybeSent,
	"InternalError.ParseBackendResponseFail": maybeSent,
	"InternalError.OtherError":               maybeSent,
	"InternalError.UnknownError":             maybeSent,
}

// classOf returns the class of an error code. Only for a code not in the
// table does the HTTP status pick between serverFault (5xx) and
// unknownCode. An answer without a code is not Tencent's API answering but
// something in front of it (a gateway's 502 page), which may have passed
// the request on.
func classOf(code string, httpStatus int) class {
	return apierr.Classify(classes, code, httpStatus, gatewayFault, serverFault, unknownCode)
}

// apiFailure turns an error code into an *sms.Error that wraps an
// *APIError. code, rawMessage and rawRequestID are Tencent's; each is
// quoted only if the redaction rule lets it through.
func apiFailure(httpStatus int, code, rawMessage, rawRequestID string, sec secrets) *sms.Error {
	c := classOf(code, httpStatus)
	shown, shownCode, requestID := safeProviderMessage(rawMessage, sec), safeCode(code, sec), safeRequestID(rawRequestID, sec)
	e := apierr.Class{Code: c.code, NotAccepted: c.notAccepted, What: c.what}.Error(Name, shown, shownCode, requestID,
		&APIError{HTTPStatus: httpStatus, Code: shownCode, Message: shown, RequestID: requestID})
	if c.window > 0 {
		e.RetryAfter = c.window
		e.PerRecipient = true
	}
	return e
}

// optionsError reports bad Options: an *sms.OptionsError wrapping
// sms.ErrInvalidOptions.
func optionsError(reason string) error { return sms.NewOptionsError(Name, reason) }

// invalid reports a message this provider cannot send.
func invalid(rule error, message string) *sms.Error {
	return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name,
		Message: message, Err: rule}
}
