// Package aliyunvoice sends voice verification codes (语音验证码) and voice
// notifications with Aliyun's voice service: Dyvmsapi SingleCallByTts
// (version 2017-05-25, in the classic SDK's services/dyvmsapi), a call
// that reads an approved TTS template to a mainland China number.
//
// # Why an sms.Sender
//
// A voice code is what an SMS code is to every caller of this module: a
// template, its params and a recipient, sent once, accepted or refused,
// possibly accepted when the answer is lost. So the Sender implements
// sms.Sender: Message.Template names a TTS template (declared with
// Codes[TemplateKey] = "TTS_..." and kind verification or notification),
// Message.Params fill it (TtsParam), Message.Reference is OutId,
// Result.MessageID is the CallId. Everything built on sms.Sender works
// with it unchanged: the middleware stack (retries only of calls that were
// definitely not placed, per-recipient limits), the router, and
// verify.New, which can use it as a second channel ("didn't get the SMS?
// call me"): give two verify.Local backends the same Store, Secret and
// clock, one over an SMS Sender and one over this Sender; a call is then a
// resend of the same verification, and either backend checks its code (see
// the example). What does not carry over: Message.Body and Message.Sign
// are not used (a call has no free text and no sign; CalledShowNumber is
// per Sender, in Options), and nothing is "delivered" as an SMS is: the
// phone rings.
//
// # Mapping
//
//   - Message.To: a mainland number (+86, or national with DefaultRegion
//     "CN"), sent as CalledNumber. Any other number is refused before any
//     request: sms.InvalidArgument wrapping ErrNotMainland, not accepted
//     (Aliyun stopped voice codes outside the mainland in March 2022).
//   - Options.CalledShowNumber (empty: Aliyun's public mode), PlayTimes
//     (1–3, default 3), Volume (default 100) and Speed travel as the
//     parameters of the same names.
//   - Aliyun limits calls to one number: 1 a minute, 5 an hour, 20 a day;
//     beyond, isv.BUSINESS_LIMIT_CONTROL is sms.RateLimited, per recipient.
//
// # Errors
//
// Calls go through provider/aliyun's machinery (package internal/hosted),
// so failures are classified and redacted as SendSms's, with Provider Name:
// a call that may have reached Aliyun is never reported as not accepted.
// isv.TTS_TEMPLATE_ILLEGAL and isv.DISPLAY_NUMBER_ILLEGAL are
// sms.PermissionDenied, not accepted. No number, code, AccessKey or
// signature reaches an error.
//
// # Testing
//
// The emulator in package aliyuntest serves SingleCallByTts with the same
// signature check as SendSms; its LastCallTo returns the last call to a
// number, whose Params hold the code the call read.
//
// # Opening from a URL
//
// Importing the package registers the scheme "aliyun-voice" with
// sms.RegisterScheme; see OptionsFromURL.
package aliyunvoice
