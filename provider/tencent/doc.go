// Package tencent sends SMS through Tencent Cloud SMS (腾讯云短信, API
// version 2021-01-11) with the official Go SDK's common client
// (github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common), which
// signs every request with TC3-HMAC-SHA256. It is the second mainland
// provider beside package aliyun, so that a router can fail over between
// the two for +86 numbers.
//
//	s, err := tencent.New(tencent.Options{
//		SecretID:    os.Getenv("TENCENTCLOUD_SECRET_ID"),
//		SecretKey:   os.Getenv("TENCENTCLOUD_SECRET_KEY"),
//		SmsSdkAppID: "1400006666",
//		SignName:    "腾讯云",
//		Templates: []sms.Template{{
//			Name:  "login_code",
//			Kind:  sms.KindVerification,
//			Text:  "您的验证码是${code}",
//			Codes: map[string]string{"tencent": "1234567"},
//		}},
//	})
//	res, err := s.Send(ctx, sms.Message{To: "+8613800138000", Template: "login_code",
//		Params: map[string]string{"code": "482915"}})
//
// # Positional params
//
// Tencent's templates take positional params ({1}, {2}, ...; the request's
// TemplateParamSet), smskit's are named. The mapping is declared once, per
// template: by default the order of the variables in Template.Text (first
// use), or Options.ParamOrder[name] when the Text is written for another
// provider's order. New checks it (every variable of the Text exactly once),
// and a message whose params do not fit the positions fails before any
// request as InvalidArgument, not accepted. A template declared without
// Text and without ParamOrder takes no params; an undeclared template id
// (Options.AllowUndeclaredTemplates) takes at most one.
//
// # One number per Send
//
// SendSms takes up to 200 numbers and answers per number in SendStatusSet.
// A Send sends one number, and its result is that number's entry: Code
// "Ok" is a success (Result.MessageID is the SerialNo); any other Code is
// this message's failure, classified like a whole-request Error. An answer
// without an entry for the number, or an Ok without a SerialNo, may have
// been accepted.
//
// # Errors
//
// Every failure is an *sms.Error wrapping, for Tencent's answers, an
// *APIError. Tencent's codes are classified in errors.go:
//
//   - the message itself (a bad number, sensitive words, a param of the wrong
//     form): InvalidArgument, not accepted; no failover, it would fail anywhere;
//   - this account's sign, template or SmsSdkAppId, credentials, permissions,
//     a region it does not serve: PermissionDenied, not accepted; a router
//     fails over (another provider has its own);
//   - balance and account-wide daily caps: QuotaExceeded, not accepted;
//   - per-number frequency limits (LimitExceeded.PhoneNumberThirtySecondLimit,
//     PhoneNumberOneHourLimit, PhoneNumberDailyLimit, ...): RateLimited,
//     PerRecipient, RetryAfter the limit's window; a router does not fail
//     over (another provider would get around the limit);
//   - API throttling (RequestLimitExceeded): RateLimited, provider-wide;
//   - InternalError and its delivery timeouts (InternalError.Timeout,
//     SendAndRecvFail, ...): Unknown, may have been accepted;
//   - an answer that is not Tencent's JSON (a gateway page), a redirect,
//     an answer over 64 KiB, a connection lost after the request was
//     written: may have been accepted.
//
// # Contracts
//
// The Sender is safe for concurrent use and reuses connections (one SDK
// client, one transport). It never retries: the SDK's network and
// rate-limit retries and its region breaker (which would switch endpoints)
// are off, redirects are refused, and an answer is read through a 64 KiB
// limit. The context's cancellation and deadline end a call (the SDK sends
// under it); Options.Timeout bounds every call.
//
// # Redaction
//
// No error, log line or String holds the SecretId, the SecretKey, the
// request's signature, the number, a param value or the reference. The SDK's
// error texts (which quote answer bodies) are never shown; Tencent's Code,
// Message and RequestId are shown only when they pass the rule in redact.go.
//
// # Status
//
// Sender implements sms.StatusChecker with PullSmsSendStatusByPhoneNumber:
// it looks for the receipt of the SerialNo among the number's receipts
// around StatusQuery.SentAt. Until Tencent has a receipt, the state is
// sms.StateNotFound.
//
// Package tencenttest is an emulator of the API that the official SDK talks
// to unmodified.
package tencent
