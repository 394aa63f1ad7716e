// Package alidayu sends SMS through the legacy Alidayu (阿里大于) TOP
// gateway, for applications that still hold Alidayu app keys.
//
// # A legacy gateway
//
// Alidayu's SMS moved to Aliyun SMS (Dysmsapi) years ago; the TOP method
// alibaba.aliqin.fc.sms.num.send on https://eco.taobao.com/router/rest
// serves applications created before the move. New applications should
// use provider/aliyun, which speaks Aliyun's current API and supports
// international messages, status queries and the emulator's receipts; use
// this package only while an application's app key is an Alidayu one.
//
// There is no official Go SDK for the TOP gateway: the Sender is a small
// client on net/http with this package's signer (Sign).
//
// # The request
//
// One Send is one POST of an application/x-www-form-urlencoded body to the
// gateway, every parameter in the body (none in the URL, which proxies
// and logs keep):
//
//   - common: method=alibaba.aliqin.fc.sms.num.send, app_key, timestamp
//     ("YYYY-MM-DD HH:mm:ss" in China time, GMT+8, from Options.Now),
//     format=json, v=2.0, sign_method, sign;
//   - business: sms_type=normal, sms_free_sign_name (the sign),
//     rec_num (one number per Send: the 11-digit national number of a
//     mainland mobile number), sms_template_code, sms_param (the params as
//     a JSON object, when there are any) and extend (Message.Reference,
//     when set).
//
// sign is the upper-case hex MD5 or HMAC-MD5 of the sorted, concatenated
// parameters (see Sign). The default method is hmac (HMAC-MD5 keyed by
// the app secret), a standard keyed MAC; md5 (MD5 of secret, parameters,
// secret) is TOP's older envelope and is kept for gateways or proxies that
// expect it: Options.SignMethod picks it.
//
// Only mainland China mobile numbers can be sent to; international
// templates are refused by New (Rules).
//
// # Errors
//
// Every error of Send is an *sms.Error with Provider "alidayu":
//
//   - An error_response is classified by its sub_code first, as Aliyun's
//     codes are: isv.BUSINESS_LIMIT_CONTROL is RateLimited, PerRecipient,
//     with RetryAfter the window its sub_msg names (a minute, an hour, a
//     day); isv.MOBILE_NUMBER_ILLEGAL and the other message errors are
//     InvalidArgument; isv.AMOUNT_NOT_ENOUGH is QuotaExceeded;
//     isv.SMS_SIGNATURE_ILLEGAL and isv.SMS_TEMPLATE_ILLEGAL are
//     PermissionDenied; isp. codes are Unavailable. Without a known
//     sub_code, TOP's top-level code decides: 25 Invalid signature and 29
//     Invalid app Key are PermissionDenied naming the option to check, 31
//     Invalid timestamp is PermissionDenied naming the clock, 7 App Call
//     Limited is RateLimited (not per recipient), 10 Service Currently
//     Unavailable is Unavailable, 40, 41 and 43 are InvalidArgument.
//     Anything else is Unknown. An error answer means the gateway did not
//     take the request: NotAccepted.
//   - An answer that is not the gateway's (a proxy's page, a redirect,
//     which is never followed, an answer over 64 KiB, which is not read,
//     a body cut short, a success without a message id) is Unknown and may
//     have been accepted.
//   - Without an answer: the caller's context ending is Canceled or
//     DeadlineExceeded, the Sender's Timeout DeadlineExceeded, a refused
//     connection Unavailable; each is NotAccepted only if the request had
//     no connection yet (httptrace's GotConn), since from then on the
//     gateway may have received it.
//
// # Redaction
//
// No error, String or GoString holds the AppSecret, the request's sign,
// the recipient's number, a param value or the reference. An error carries
// only fields this package chose and checked: the code (a number), a
// sub_code of TOP's form, a request_id of TOP's form, and the sub_msg only
// when it shows nothing of the request and nothing like a number or a
// query; never an excerpt of the answer's body. Transport errors go
// through internal/redact. The key pair is held behind a func value, so
// that no printer that walks a Sender by reflection reaches it.
//
// # URLs
//
// Importing the package registers the "alidayu" scheme with
// sms.RegisterScheme; see OptionsFromURL:
//
//	alidayu://APPKEY:SECRET@default?sign=NAME
//
// Package alidayutest emulates the gateway for tests.
package alidayu
