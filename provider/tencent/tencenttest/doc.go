// Package tencenttest is an emulator of the Tencent Cloud SMS API (version
// 2021-01-11) for tests, in the manner of net/http/httptest: NewServer
// starts it on a loopback port, and Tencent's official Go SDK (its common
// client, or the sms client) talks to it unmodified once its client
// profile points there:
//
//	srv := tencenttest.NewServer(tencenttest.Options{})
//	defer srv.Close()
//	p := profile.NewClientProfile()
//	p.HttpProfile.Scheme = "HTTP"
//	p.HttpProfile.Endpoint = srv.Host
//	client := common.NewCommonClient(common.NewCredential(tencenttest.TestSecretID,
//		tencenttest.TestSecretKey), "ap-guangzhou", p)
//
// What it checks, as Tencent does: the TC3-HMAC-SHA256 signature of every
// request (canonical request, credential scope and signing key, over the
// signed headers and the body), the SecretId, the timestamp (within five
// minutes of its clock, Options.Now), the action, version and region. There
// is no nonce to check: TC3-HMAC-SHA256 signs none (the SDK's Nonce
// parameter goes only into the older HmacSHA256 signatures), so two
// identical requests in the same second carry the same signature, and a
// replay check would refuse a legitimate retry.
//
// SendSms answers per number in SendStatusSet, as Tencent does: request
// errors (credentials, SmsSdkAppId, malformed body) are the answer's Error,
// and each number's failure (its form, the template and sign, the params'
// count and form, the frequency limits) is that number's Code. Accepted
// messages get a SerialNo and, at once, a SUCCESS receipt, which
// PullSmsSendStatus (a queue) and PullSmsSendStatusByPhoneNumber (a search)
// return.
//
// Frequency limits per number follow Tencent's documented defaults (see
// Limits). Faults (QueueFault, SetFaults) make the next requests fail in
// chosen ways: an error code, a per-number code, a raw HTTP answer, a held
// request, a dropped connection, each before or after acceptance.
// Inspection: Messages, LastMessageTo, Requests, Accepted.
//
// Sign computes the TC3 signature as the SDK does, for tests that forge
// requests: at a moved emulator clock (the SDK stamps the real time), or
// with one byte changed.
package tencenttest
