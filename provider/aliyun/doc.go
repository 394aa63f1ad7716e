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
// route.New. The Sender reads each template's Kind, Codes["aliyun"] and,
// when set, Signs["aliyun"], which replaces Options.SignName for that
// template. A second account with codes and signs of its own reads them
// under its own Options.TemplateKey. New fails with an error wrapping
// sms.ErrInvalidOptions, naming the template, when a template has no kind,
// no code or a malformed one, no sign (neither its own nor SignName), or
// variables that its kind does not allow: so a router refuses at
// construction a template this Sender cannot serve.
//
// Once templates are declared, every Message.Template must name one of
// them: a typo fails before any request, instead of costing a request and
// coming back as Aliyun's "template not found". With no template declared,
// a Message.Template is sent as the template code itself ("SMS_" and
// digits); Options.AllowUndeclaredTemplates allows such raw codes beside
// declared templates.
//
// # What is checked before any request
//
// Rules returns the Sender's checks as sms.Rules, so that the fake and
// dry-run senders refuse the same messages with the same errors. Before
// any request, a message is refused (InvalidArgument, not accepted) for:
//
//   - a number Aliyun would read as another number (ErrAmbiguousNumber,
//     below);
//   - a template that is not declared (when some are), or a raw code that
//     is not "SMS_" and digits;
//   - params that are not exactly the variables of the template's Text
//     (when it has one), naming the missing or extra one;
//   - a verification template without exactly one param of MinCodeLength
//     to MaxCodeLength (4–6) characters; a promotion template with params;
//     any other param empty or longer than MaxParamLength (35) characters,
//     or params adding up to more than MaxTemplateLength (500);
//   - a domestic template (verification, notification, promotion) to a
//     number outside the mainland, or an international template to a
//     mainland number;
//   - a sign of fewer than MinSignLength (2) or more than MaxSignLength
//     (12) characters, or no sign at all;
//   - a reference longer than MaxReferenceLength (255) characters, Aliyun's
//     OutId limit;
//   - anything over the core's limits (sms.MaxNameLength and the others),
//     which are checked before anything reads the message: a 1 MB param
//     costs no allocation and comes back as a short error.
//
// Errors quote names through sms.Quote, bounded, and never a number, a
// param value or a body.
//
// # Numbers Aliyun would read as another number
//
// SendSms takes mainland numbers as their 11 national digits and every
// other number as country code and number without "+". Aliyun reads 11
// digits starting with 1 (bare, or after 86, 0086 or +86) as a mainland
// mobile number. So:
//
//   - every +1 number (the US, Canada and the 23 other NANP regions) is
//     refused: its form is 1 and ten digits, which Aliyun reads as a
//     mainland number; +1 312 555 0100 would reach 131 2555 0100 in China.
//     (By libphonenumber's metadata that is a valid mainland mobile number
//     for about 69% of US and 55% of Canadian numbers, and for none in area
//     codes 2xx, which Aliyun still reads as mainland numbers.) Send to the US
//     and Canada through Aliyun's SendMessageToGlobe (Dysmsapi 2018-05-01)
//     or another provider (package route sends +1 to Twilio);
//   - a mainland number that is not a mobile number (11 digits starting
//     with 1) is refused: SendSms sends to mainland mobile numbers only, and
//     a landline's national digits read as another country's number
//     (+86 20 5724 7484 would go to +20 57247484, in Egypt).
//
// No other country's form can collide: every mainland mobile number starts
// with 1, 1 is the only calling code starting with 1, and calling codes are
// prefix-free. (Some other countries' 11-digit forms, such as Latvian and
// Russian mobile numbers, are valid mainland landline numbers by
// libphonenumber; Aliyun does not read them as mainland numbers, and SendSms
// sends nothing to mainland landlines.) The rule is derived from
// libphonenumber's metadata over every calling code in TestCollisionRule,
// and the contract test sends every NANP region's example numbers.
// Status refuses the same numbers: the query would return a stranger's
// messages.
//
// Tests and staging point Options.Endpoint at the emulator in package
// aliyuntest ("http://127.0.0.1:PORT"); see the Example.
//
// # Names
//
// As in every provider package of this module: Name is the provider's
// name (Result.Provider, Error.Provider, the default TemplateKey);
// Options.Endpoint is the server's URL, Options.Transport the HTTP
// transport, Options.TemplateKey the key of Template.Codes and Signs;
// Options.RegionID is Aliyun's API region (not a phone-number region: a
// number without a country code is a mainland number).
//
// # What the SDK makes the Sender do
//
// The Sender uses the SDK to sign its requests and to read their answers,
// not to send them: each call is signed by the SDK's own signer
// (auth.Sign, with the Sender's credentials: an AccessKey pair, an STS
// token or any credentials provider), sent with an http.Client of the
// Sender's own over the Sender's transport, and its answer read by the
// SDK's responses.Unmarshal. This is what the SDK client's DoAction does
// with the settings the Sender gives it, step by step, without the work
// whose result those settings throw away: the log record DoAction builds on
// every call (JSON of the request headers, the host name, formatted
// times), its debug lines, and the proxy and TLS settings it writes into a
// transport that is not its own. The request is the same, header for
// header and parameter for parameter (only the nonce, the time and the
// signature differ between any two requests), and so is every outcome,
// down to the SDK's errors (TestSendMatchesDoAction checks both against
// DoAction on every failure class, for an AccessKey pair and an STS
// token). Signing and sending without DoAction cut the Sender's CPU per
// send by about a quarter and its allocations by a third. There is one
// path: no option brings DoAction back. (The hosted services' clients,
// aliyunverify's, still call DoAction, through this package's transport,
// credentials and classification.)
//
// The SDK is not safe for concurrent use, takes no context, prints secrets
// in its transport errors, can retry on its own, follows HTTP redirects,
// and costs more the deeper the caller's stack (its signature nonce
// formats the calling goroutine's stack). So the Sender signs and sends
// every call on a worker goroutine of its own, whose stack stays a few
// frames deep, each worker with its own requests and http.Client, all
// sharing one http.Transport whose idle pool is sized by
// Options.MaxIdleConns; a call goes to an idle worker or to a new one,
// never waits for another, and at most MaxIdleConns workers stay idle
// (CloseIdleConnections ends them; they end too once the Sender is garbage
// collected). It attaches the caller's context, bounded by Options.Timeout,
// to each HTTP request through a per-worker RoundTripper; while the
// signer obtains credentials and signs, before the request begins, the
// caller's context ends the send at once and the request is never started.
// It notes whether the request was written: on its own transport, from the
// first byte a connection accepts; over Options.Transport, once the
// request has a connection. It never follows a redirect, and never lets
// the SDK read more than 64 KiB of an answer (the SDK reads a whole body
// into memory, and copies it). It never retries, and it builds every error
// itself. As DoAction did, a call fails before its request when the proxy
// environment holds what the SDK cannot parse (an HTTP_PROXY or
// HTTPS_PROXY that is no URL; a NO_PROXY entry that is no regular
// expression, unless NO_PROXY was set when the worker was made).
//
// # Params
//
// Params become TemplateParam, a JSON object of strings with its keys
// sorted; Reference becomes OutId; Options.UpExtendCode becomes
// SmsUpExtendCode.
//
// # Errors
//
// Every failure is an *sms.Error with Provider "aliyun" (Name); invalid
// Options are an *sms.OptionsError wrapping sms.ErrInvalidOptions instead:
//
//   - invalid input (isv.MOBILE_NUMBER_ILLEGAL, isv.INVALID_JSON_PARAM, …):
//     InvalidArgument;
//   - sign or template problems (isv.SMS_SIGNATURE_ILLEGAL, …) and refused
//     credentials (SignatureDoesNotMatch, InvalidAccessKeyId.NotFound,
//     isp.RAM_PERMISSION_DENY, InvalidTimeStamp.Expired, …):
//     PermissionDenied; a wrong secret and an unknown AccessKey ID say
//     which credential to check;
//   - account quota (isv.AMOUNT_NOT_ENOUGH, isv.DAY_LIMIT_CONTROL, …):
//     QuotaExceeded;
//   - isv.BUSINESS_LIMIT_CONTROL: RateLimited, with RetryAfter the window
//     named in Aliyun's message (a minute, an hour or a day);
//   - Throttling, Throttling.User, Throttling.Api: RateLimited;
//   - isp.SYSTEM_ERROR, isp.GATEWAY_ERROR, ServiceUnavailable, any HTTP 5xx,
//     and failures to connect: Unavailable;
//   - codes not listed here: Unknown (Unavailable under HTTP 5xx), keeping
//     Aliyun's code and request id.
//
// All of these answers are NotAccepted: Aliyun refused the request. An
// answer is classified by its own shape, whatever HTTP status carries it
// and whatever the SDK made of it: the same code means the same thing under
// 200, 400 or 503. The exceptions may have been accepted:
//
//   - SignatureNonceUsed (an earlier copy of the request arrived);
//   - a redirect: Aliyun's API never redirects, and the Sender never
//     follows one; a 3xx answer is Unknown, whatever its body says;
//   - an answer longer than 64 KiB (Aliyun's are a few hundred bytes, a
//     page of QuerySendDetails a few kilobytes): it is not read beyond
//     that, nor at all when its Content-Length says so, and is Unknown,
//     whatever it says;
//   - an answer that is not the API's own shape: not HTTP 200 or 4xx/5xx,
//     not a JSON object, no Code, a Code or another known
//     field that is not a string, "OK" under any status but 200. It comes
//     from something else on the way (a proxy, a gateway), which may have
//     passed the request on: never success, never "not accepted" (Unknown);
//   - "OK" without a usable BizId: Aliyun accepted the message, so it was
//     probably sent, but the Result contract needs a MessageID to find it:
//     Unknown, may have been accepted, with ProviderCode "OK" and the
//     request id;
//   - every failure after the request was written: a read timeout
//     (DeadlineExceeded), the caller's cancellation (Canceled), a lost
//     connection (Unknown). Once a byte of the request was written, no
//     later error of the same call (a dial, a read) makes it "not
//     accepted".
//
// Aliyun advises checking receipts (Status) before sending again.
//
// # What an error may show
//
// Aliyun's error answers are wrapped as *APIError. The rule is positive: an
// error carries only fields this package chose, each checked first.
//
//   - Aliyun's Code: a known code as it is, another only if it has the form
//     of a code and shows nothing of the call;
//   - the RequestId only if it has the form of Aliyun's request ids (a UUID
//     in upper-case hex) and shows nothing of the call (a random id holds
//     four digits of the number by chance about once in 500 answers, and is
//     then dropped too);
//   - Aliyun's Message, from the answer's Message field only, cut to 200
//     characters, only if it shows nothing of the call, nothing like a
//     phone number (seven digits or more, in any script, with or without
//     separators) and no query string;
//   - never an excerpt of the answer's body: the SDK's JSON-decoding errors
//     quote 50 bytes either side of the problem, its server errors the whole
//     body; neither reaches an error.
//
// "Shows something of the call" means six bytes in a row of the AccessKey
// ID, secret, STS token or request signature (in any letter case), four
// digits in a row of the recipient's number (across spaces, dashes and
// brackets, in any script), the whole number, a whole param value of four
// bytes or more, or a verification code's digits (package twilio's
// rule too). Transport errors lose the signed URL, and are replaced
// whole when any link of their chain shows something of the call.
// Result.RequestID gets the same check as errors; Result.MessageID (the
// BizId, "900619746936498440^0") must be of a BizId's form and hold no
// credential fragment, param value or the whole number.
//
// A Sender keeps its credentials behind func values: %v, %+v and %#v of a
// Sender, of a Sender value, of a struct holding one in an unexported field,
// and slog show no credential, nor does any reflection-based printer. An
// Options holds the secret in a plain field: its String hides it, but a
// struct holding an Options in an unexported field prints it.
//
// The package logs nothing; do not set the SDK's DEBUG=sdk environment
// variable in production, as the SDK then prints signed URLs (in
// aliyunverify's calls) and strings to sign itself.
//
// # Delivery status
//
// Sender implements sms.StatusChecker with QuerySendDetails.
//
// # Opening from a URL
//
// Importing this package registers the "aliyun" scheme with
// sms.RegisterScheme, so sms.OpenSender opens
// "aliyun://[KEY_ID:SECRET@]HOST?sign=NAME&region=..." URLs; without
// userinfo the SDK's default credential chain is used. OptionsFromURL
// documents every parameter; an unknown one is an error, and no error
// quotes the URL's userinfo or a value.
package aliyun
