// Package aliyuntest emulates the Alibaba Cloud SMS HTTP API (product Dysmsapi,
// version 2017-05-25) for tests and staging, in the way net/http/httptest
// provides a real HTTP server on the loopback interface.
//
// The unmodified official SDK, github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi,
// talks to it: point each request at the server with request.Domain and plain HTTP.
//
//	srv := aliyuntest.NewServer(aliyuntest.Options{})
//	defer srv.Close()
//
//	client, _ := dysmsapi.NewClientWithAccessKey("cn-hangzhou",
//		aliyuntest.TestAccessKeyID, aliyuntest.TestAccessKeySecret)
//	req := dysmsapi.CreateSendSmsRequest()
//	req.Domain = srv.Host // "127.0.0.1:PORT"
//	req.Scheme = "http"
//	req.PhoneNumbers = "13800138000"
//	req.SignName = aliyuntest.DefaultSignName
//	req.TemplateCode = aliyuntest.DefaultTemplateCode
//	req.TemplateParam = `{"code":"1234"}`
//	resp, err := client.SendSms(req) // resp.Code == "OK"
//
//	msg, _ := srv.LastMessageTo("13800138000")
//	fmt.Println(msg.Params["code"]) // 1234
//
// The emulator checks what Aliyun checks and answers as Aliyun answers:
//
//   - the V3 signature (Authorization: ACS3-HMAC-SHA256 with x-acs-action,
//     x-acs-version, x-acs-date, x-acs-signature-nonce and
//     x-acs-content-sha256, all signed, as Alibaba Cloud's current SDKs send
//     by default, e.g. github.com/alibabacloud-go/darabonba-openapi/v2), and
//     a clear UnsupportedSignature or IncompleteSignature error for any other
//     Authorization header (ACS3-HMAC-SM3, RSA, bearer tokens) instead of
//     MissingAction; unlike the RPC answer, a V3 SignatureDoesNotMatch does
//     not echo the canonical request, which holds parameter values;
//   - the HMAC-SHA1 RPC signature against configured key pairs, the request
//     timestamp against an injectable clock, and signature nonce reuse; these
//     fail with gateway errors (HTTP 4xx and a JSON or XML error body that the
//     SDK turns into *errors.ServerError);
//   - the SendSms, SendBatchSms and QuerySendDetails parameters, the approved
//     sign names and templates with their kinds (verification, notification,
//     promotion, international: see Kind), and the per-number frequency
//     limits; these fail with business errors (HTTP 200 and Code other than
//     "OK");
//   - numbers as Aliyun reads them: 11 digits starting with 1, bare or after
//     86, 0086 or +86, are a mainland number, anything else is a country
//     code and number without "+". A +1 number written without "+"
//     ("13125550100") is therefore a mainland number, as on Aliyun; a
//     Message's E164 field shows how each number was read;
//   - accepted messages receive a BizId, are stored with their rendered text and
//     move from waiting to delivered or failed as the clock advances
//     (see Options.Receipt), visible through QuerySendDetails.
//
// It also serves the two actions of Aliyun's hosted verification-code
// service (product Dypnsapi, same version and signature; the SDK's
// services/dypnsapi): SendSmsVerifyCode generates a code of CodeLength (4–8,
// default 4) characters of CodeType (1 digits, 2 upper case, 3 lower case,
// 4 both cases, 5–7 digits with upper, lower or both cases), puts it where
// TemplateParam holds CodePlaceholder, sends it as a Message (Action
// "SendSmsVerifyCode", its VerifyCode set) and keeps it for ValidTime
// seconds (default 300); ReturnVerifyCode echoes it. A send within Interval
// seconds (default 60) of the previous one for the same number, SchemeName
// and OutId answers biz.FREQUENCY. DuplicatePolicy 1 (default) makes a new
// code replace the older ones; 2 keeps each valid until it expires.
// CheckSmsVerifyCode matches the number, SchemeName and OutId and answers
// VerifyResult PASS (the verification is then used up) or UNKNOWN
// (wrong, expired, replaced, used or never sent: Aliyun does not say which);
// CaseAuthPolicy 2 compares without case. Emulator.LastVerifyCode returns
// the code last sent to a number. Mainland numbers only, as on Aliyun.
//
// It also serves Aliyun's international messages, SendMessageToGlobe and
// SendMessageWithTemplate (Version IntlAPIVersion, 2018-05-01; numbers
// outside the mainland only, sender ids DefaultSenderID and Options.Signs,
// templates of kind International; refusals as HTTP 200 with a
// ResponseCode), and voice calls, SingleCallByTts (Dyvmsapi; mainland
// numbers, TTS templates "TTS_..." in Options.Templates; LastCallTo). All
// go through the same signature check and faults as SendSms.
//
// Tests inspect what was accepted with Emulator.Messages, Emulator.MessagesTo
// and Emulator.LastMessageTo, count requests with Emulator.Requests, and make
// the service misbehave with Emulator.QueueFault (one-shot faults, in order)
// or Emulator.SetFaults (a function of each Request): latency, HTTP 5xx,
// throttling, any error code, requests held until the test releases them
// (Fault.Hold), and connections dropped before or after a message was
// accepted. Emulator.ClearFaults ends them all.
//
// Nothing an unauthenticated request sends can grow the emulator's memory:
// requests are counted per served action with one shared count for unknown
// actions (OtherActions), bodies are read through a 1 MiB limit and headers
// through another. What authenticated requests add is bounded too: the last
// Options.MaxMessages messages are kept, signature nonces for their replay
// window up to 65,536 of them, frequency-limit history for a day, and up to
// 100,000 pending verification codes.
//
// Requests may be GET or POST, with parameters in the query, in a form body,
// or both. Responses are JSON unless Format is XML; gateway errors then come
// as XML too, which the SDK cannot parse into an error code, as with Aliyun.
//
// Like Aliyun, a SignatureDoesNotMatch message echoes the server's string to
// sign, so that the SDK can tell a wrong secret from a signing bug. It holds
// the AccessKeyId and every parameter value (phone numbers, verification
// codes) but never the secret: a caller must not log gateway messages as they
// come.
//
// Emulator is an http.Handler and can be mounted anywhere; Server runs one on
// 127.0.0.1 and cancels in-flight requests when closed. Nothing here touches
// the network beyond the loopback listener, and nothing logs or prints.
package aliyuntest
