// Package inbox is a staging SMS inbox, in the manner of Mailpit for mail:
// one server, on one port, that any Aliyun or Twilio SDK in any language can
// send to, and that shows what "was sent" to testers in a web UI and to test
// automation in a JSON API.
//
// On one port it serves:
//
//   - the Aliyun Dysmsapi API (SendSms, SendBatchSms, QuerySendDetails) and
//     the Dypnsapi verification actions (SendSmsVerifyCode,
//     CheckSmsVerifyCode) at "/", through provider/aliyun/aliyuntest, accepting both the classic
//     RPC signature (HMAC-SHA1) and the V3 signature (ACS3-HMAC-SHA256) that
//     Alibaba Cloud's current SDKs use by default;
//   - the Twilio Messages API (create, fetch, list with paging) under
//     /2010-04-01/ and Twilio Verify under /v2/, through
//     provider/twilio/twiliotest;
//   - the web UI under /ui/ (a browser asking for "/" is sent there),
//     embedded in the binary with no external assets: threads by number,
//     newest first, each message's text, sign, template, kind, time and
//     delivery status, the verification code with a copy button, live
//     updates over server-sent events, search, receipt controls, clearing,
//     and chaos switches;
//   - the JSON API under /api/v1/: messages (list, search, get, delete,
//     clear), the latest message and latest code of a number, receipts,
//     chaos, live events; health at /livez, /readyz and /api/v1/health;
//     Prometheus metrics at /metrics.
//
// Rules:
//
//   - It listens on the loopback interface unless Config.Addr says
//     otherwise. Config.BasicAuth protects the UI, the JSON API and the
//     metrics; the provider APIs keep their own credentials and health
//     checks stay open. The page says plainly that it holds codes.
//   - Memory is bounded: the newest Config.MaxMessages messages, none older
//     than Config.MaxAge (both pruned on every write and listing); the
//     emulators keep their own stores, as bounded, for QuerySendDetails and
//     fetches. With Config.Database the messages live in a SQLite file
//     (modernc.org/sqlite, pure Go) under the same bounds and survive a
//     restart; an earlier run's messages are listed and searchable, but
//     their receipts can no longer be set, and QuerySendDetails no longer
//     knows them (the emulators start empty).
//   - Nothing it logs holds a number, a code or a message text.
//   - Chaos applies to sends only (Aliyun SendSms, SendBatchSms and
//     SendSmsVerifyCode, Twilio message creation and Verify sends), with a probability per error class (see
//     ChaosClasses); QuerySendDetails and fetches are never faulted.
//   - The verification code is a code-named template variable ("code",
//     ...), the only variable of a verification template, or else the first
//     run of 4 to 8 digits in the text.
//   - Shutdown ends live-update streams and waits for requests in flight.
//
// Run(ctx, Config) is the whole command; "smskit inbox" (cmd/smskit) wraps it with flags.
package inbox
