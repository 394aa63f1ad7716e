package aliyuntest

import (
	"fmt"
	"net/http"
)

// Gateway error codes, answered with an HTTP 4xx or 5xx status.
const (
	codeInvalidAccessKeyID    = "InvalidAccessKeyId.NotFound"
	codeSignatureDoesNotMatch = "SignatureDoesNotMatch"
	codeTimestampExpired      = "InvalidTimeStamp.Expired"
	codeTimestampFormat       = "InvalidTimeStamp.Format"
	codeNonceUsed             = "SignatureNonceUsed"
	codeInvalidAction         = "InvalidAction.NotFound"
	codeInvalidVersion        = "InvalidVersion"
	codeSignatureMethod       = "InvalidSignatureMethod"
	codeSignatureVersion      = "InvalidSignatureVersion"
	codeInvalidParameter      = "InvalidParameter"
	codeThrottlingUser        = "Throttling.User"
	codeSystemError           = "isp.SYSTEM_ERROR"
)

// Business error codes, answered with HTTP 200.
const (
	codeOK                        = "OK"
	codeMobileNumberIllegal       = "isv.MOBILE_NUMBER_ILLEGAL"
	codeMobileCountOverLimit      = "isv.MOBILE_COUNT_OVER_LIMIT"
	codeSignatureIllegal          = "isv.SMS_SIGNATURE_ILLEGAL"
	codeTemplateIllegal           = "isv.SMS_TEMPLATE_ILLEGAL"
	codeDomesticNotSupported      = "isv.DOMESTIC_NUMBER_NOT_SUPPORTED"
	codeInvalidJSONParam          = "isv.INVALID_JSON_PARAM"
	codeTemplateMissingParameters = "isv.TEMPLATE_MISSING_PARAMETERS"
	codeParamLengthLimit          = "isv.PARAM_LENGTH_LIMIT"
	codeParamNotSupportURL        = "isv.PARAM_NOT_SUPPORT_URL"
	codeTemplateParamsIllegal     = "isv.TEMPLATE_PARAMS_ILLEGAL"
	codeInvalidParameters         = "isv.INVALID_PARAMETERS"
	codeBusinessLimitControl      = "isv.BUSINESS_LIMIT_CONTROL"
)

// messages holds Aliyun's message for each code.
var messages = map[string]string{
	codeInvalidAccessKeyID:    "Specified access key is not found.",
	codeSignatureDoesNotMatch: "Specified signature is not matched with our calculation.",
	codeTimestampExpired:      "Specified time stamp or date value is expired.",
	codeTimestampFormat:       "Specified time stamp or date value is not well formatted.",
	codeNonceUsed:             "Specified signature nonce was used already.",
	codeInvalidAction:         "Specified api is not found, please check your url and method.",
	codeInvalidVersion:        "Specified parameter Version is not valid.",
	codeSignatureMethod:       "Specified signature method is not supported.",
	codeSignatureVersion:      "Specified signature version is not supported.",
	codeThrottlingUser:        "Request was denied due to user flow control.",
	codeSystemError:           "系统错误",

	codeOK:                        "OK",
	codeMobileNumberIllegal:       "非法手机号",
	codeMobileCountOverLimit:      "手机号码数量超过限制",
	codeSignatureIllegal:          "该账号下找不到对应签名",
	codeTemplateIllegal:           "该账号下找不到对应模板",
	codeInvalidJSONParam:          "JSON参数不合法，只接受字符串值",
	codeTemplateMissingParameters: "模板缺少变量",
	codeParamLengthLimit:          "参数超出长度限制",
	codeParamNotSupportURL:        "不支持URL",
	codeTemplateParamsIllegal:     "模板变量里包含非法关键字",
	codeInvalidParameters:         "参数异常",
}

// apiError is an answer other than success: a gateway error when status is
// not 200, a business error otherwise.
type apiError struct {
	status  int
	code    string
	message string
}

// gatewayError returns the error for code with Aliyun's message.
func gatewayError(status int, code string) *apiError {
	return &apiError{status: status, code: code, message: messages[code]}
}

// businessError returns the HTTP 200 error for code with Aliyun's message.
func businessError(code string) *apiError {
	return &apiError{status: http.StatusOK, code: code, message: messages[code]}
}

// invalidParameters is isv.INVALID_PARAMETERS naming the offending parameter.
func invalidParameters(param string) *apiError {
	return &apiError{status: http.StatusOK, code: codeInvalidParameters, message: messages[codeInvalidParameters] + ": " + param}
}

// missingParameter is Aliyun's error for an absent mandatory parameter:
// code "Missing" + name, HTTP 400.
func missingParameter(name string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "Missing" + name, message: name + " is mandatory for this action."}
}

// domesticNotSupported explains which way the template and number mismatch.
func domesticNotSupported(internationalTemplate bool) *apiError {
	msg := "国内短信模板不支持发送国际/港澳台号码"
	if internationalTemplate {
		msg = "国际/港澳台消息模板不支持发送境内号码"
	}
	return &apiError{status: http.StatusOK, code: codeDomesticNotSupported, message: msg}
}

// limitControl is isv.BUSINESS_LIMIT_CONTROL for the window that was hit.
func limitControl(window string, permits int) *apiError {
	return &apiError{status: http.StatusOK, code: codeBusinessLimitControl, message: fmt.Sprintf("触发%s级流控Permits:%d", window, permits)}
}
