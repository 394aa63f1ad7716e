// Package aliyunintl is an sms.Sender for numbers outside mainland China
// with Aliyun's international SMS API (Dysmsapi, version 2018-05-01, in the
// classic SDK's services/dysmsapi): SendMessageToGlobe and
// SendMessageWithTemplate. With provider/aliyun serving +86 through
// SendSms, a router serves the world with Aliyun alone (see the example).
//
// # Mapping
//
//   - Message.To: any valid number outside the mainland, sent as To,
//     country code and number without "+". A mainland number (+86) is
//     refused before any request: sms.InvalidArgument wrapping
//     ErrMainlandNumber, not accepted. Unlike SendSms, the international
//     API takes NANP numbers (+1) without ambiguity.
//   - A declared template with Codes[TemplateKey] (default key Name), or an
//     undeclared name (AllowUndeclared, or no template declared), goes by
//     SendMessageWithTemplate as TemplateCode with Params as TemplateParam.
//     That action has no parameter for a reference: a Message.Reference is
//     refused (InvalidArgument wrapping ErrNoReference).
//   - A declared template without a code is rendered from its Text, and a
//     Body is sent as it is, by SendMessageToGlobe as Message, with
//     Message.Reference as TaskId (echoed in receipts) and Type:
//     Options.Type when set, else TypeOf the template's kind
//     (verification OTP, promotion MKT, anything else NOTIFY).
//   - From, the sender id, is Message.Sign, else the template's
//     Signs[TemplateKey], else Options.From; letters and digits only,
//     at most 11 with a letter or 15 digits (Aliyun's rule); empty sends
//     none.
//   - Result.MessageID is Aliyun's MessageId, Result.Provider is Name.
//
// # Errors
//
// Calls go through provider/aliyun's machinery (package internal/hosted):
// its transport, credentials, classification and redaction, so failures are
// reported as SendSms's are, with Provider Name: a call that may have
// reached Aliyun (the connection lost after the request was written, an
// answer that cannot be read, an OK without a usable MessageId) is never
// reported as not accepted. Gateway errors (signature, AccessKey,
// throttling, server errors) are classified as for SendSms. The
// international API's own refusals arrive as HTTP 200 with a ResponseCode
// (INVALID_SENDERID, SMS_CONTENT_CODE_ILLEGAL, MOBILE_NUMBER_ILLEGAL...):
// they are not accepted, classified by the table in errors.go, shown by
// code only; ResponseDescription, and a code the table does not know, are
// never shown. No number, param, body, AccessKey or signature reaches an
// error.
//
// # Delivery status
//
// The Sender is an sms.StatusChecker with QueryMessage (by MessageId
// alone): Status 1 delivered, 2 failed, 3 pending. BatchSendMessageToGlobe
// is not used.
//
// # Testing
//
// The emulator in package aliyuntest serves all three actions (Version
// 2018-05-01) under the same signature check as SendSms: set
// Options.Endpoint to its URL and From to aliyuntest.DefaultSenderID.
//
// # Opening from a URL
//
// Importing the package registers the scheme "aliyun-intl" with
// sms.RegisterScheme; see OptionsFromURL.
package aliyunintl
