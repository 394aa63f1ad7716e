// Package aliyun is an smskit Sender for Alibaba Cloud SMS (阿里云短信服务,
// Dysmsapi SendSms, the successor of Alibaba Dayu / 阿里大于), built on the
// official SDK github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi.
//
//	sender, err := aliyun.New(aliyun.Options{
//		// AccessKeyID/AccessKeySecret, or the SDK's default chain:
//		// ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET.
//		SignName: "阿里云短信测试",
//		Templates: []sms.Template{{
//			Name:  "login_code",
//			Kind:  sms.KindVerification,
//			Codes: map[string]string{"aliyun": "SMS_154950909"},
//		}},
//	})
//	if err != nil {
//		log.Fatal(err)
//	}
//	res, err := sender.Send(ctx, sms.Message{
//		To:       "+8613800138000",
//		Template: "login_code",
//		Params:   map[string]string{"code": "123456"},
//	})
//	if err != nil {
//		log.Fatal(err) // an *sms.Error: see sms.IsNotAccepted
//	}
//	log.Printf("accepted as BizId %s", res.MessageID)
//
// # Templates
//
// Options.Templates takes the application's templates, declared once for
// every provider as sms.Template: the same slice goes to twilio.New and
// route.New. The Sender reads each template's Codes["aliyun"] and, when
// set, Signs["aliyun"], which replaces Options.SignName for that template.
// A second account with codes and signs of its own reads them under its
// own Options.TemplateKey. New fails, naming the template, when a template
// has no code or a malformed one, so a router refuses at construction a
// template this Sender cannot serve.
//
// Tests and staging point Options.Endpoint at the emulator in package
// aliyuntest ("http://127.0.0.1:PORT"); see the Example.
//
// # What the SDK makes the Sender do
//
// The SDK client is not safe for concurrent use, takes no context, prints
// secrets in its transport errors, can retry on its own, follows HTTP
// redirects, and costs more the deeper the caller's stack (its signature
// nonce formats the calling goroutine's stack). So the Sender makes every
// SDK call on a worker goroutine of its own, whose stack stays a few frames
// deep, each worker with its own SDK client, all sharing one http.Transport
// whose idle pool is sized by Options.MaxIdleConns; a call goes to an idle
// worker or to a new one, never waits for another, and at most MaxIdleConns
// workers stay idle (CloseIdleConnections ends them; they end too once the
// Sender is garbage collected). It attaches the caller's context, bounded
// by Options.Timeout, to each HTTP request through a per-client
// RoundTripper; while the SDK signs, before the request begins, the caller's
// context ends the send at once and the request is never started. It notes
// whether the request was written: on its own transport, from the first
// byte a connection accepts; over Options.Transport, once the request has a
// connection. It never follows a redirect. It keeps the SDK's AutoRetry off
// and never retries, and it builds every error itself.
//
// # Numbers and params
//
// Message.To is validated with sms.Normalize. Mainland numbers (+86) go out
// as their 11 national digits, every other number as country code and
// number without "+". Params become TemplateParam, a JSON object of strings
// with its keys sorted; Reference becomes OutId; Options.UpExtendCode
// becomes SmsUpExtendCode.
//
// # Errors
//
// Every failure is an *sms.Error with Provider "aliyun":
//
//   - invalid input (isv.MOBILE_NUMBER_ILLEGAL, isv.INVALID_JSON_PARAM, …):
//     InvalidArgument;
//   - sign or template problems (isv.SMS_SIGNATURE_ILLEGAL, …) and refused
//     credentials (SignatureDoesNotMatch, InvalidAccessKeyId.NotFound,
//     isp.RAM_PERMISSION_DENY, InvalidTimeStamp.Expired, …):
//     PermissionDenied;
//   - account quota (isv.AMOUNT_NOT_ENOUGH, isv.DAY_LIMIT_CONTROL, …):
//     QuotaExceeded;
//   - isv.BUSINESS_LIMIT_CONTROL: RateLimited, with RetryAfter the window
//     named in Aliyun's message (a minute, an hour or a day);
//   - Throttling, Throttling.User, Throttling.Api: RateLimited;
//   - isp.SYSTEM_ERROR, isp.GATEWAY_ERROR, ServiceUnavailable, any HTTP 5xx,
//     and failures to connect: Unavailable;
//   - codes not listed here: Unknown, keeping Aliyun's code and request id.
//
// All of these answers are NotAccepted: Aliyun refused the request. The
// exceptions may have been accepted: SignatureNonceUsed (an earlier copy of
// the request arrived), an HTTP 200 answer without a code, a redirect
// (Aliyun's API never redirects; a 3xx answer is never followed and is
// Unknown, whatever its body says), and every failure after the request was
// written: a read timeout (DeadlineExceeded), the caller's cancellation
// (Canceled), a lost connection (Unknown). Once a byte of the request was
// written, no later error of the same call makes it "not accepted". Aliyun
// advises checking receipts (Status) before sending again. A nil context is
// refused as InvalidArgument.
//
// Aliyun's error answers are wrapped as *APIError. No error text holds the
// AccessKey id or secret, the request signature, the full phone number or a
// param value: Aliyun's message is quoted only when it holds none of them,
// and transport errors lose the signed URL. The package logs nothing; do
// not set the SDK's DEBUG=sdk environment variable in production, as the SDK
// then prints signed URLs itself.
//
// # Delivery status
//
// Sender implements sms.StatusChecker with QuerySendDetails.
package aliyun
