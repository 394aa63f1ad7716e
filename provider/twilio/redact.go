package twilio

// The redaction rule is positive: an *sms.Error of this package carries
// only fields the Sender chose, never text it did not write.
//
//   - From an answer: the HTTP status and Twilio's error code, as numbers
//     (a code only when it is Twilio's five digits), a request id only
//     when it matches Twilio's format and shows no fragment of the call's
//     secrets, and smskit's own text for the code. No byte of an answer's
//     body is quoted: Twilio's messages quote the recipient ("The 'To'
//     number +14155552671 is not a valid phone number."), and a gateway's
//     page or a cut body may quote anything. The error wraps a
//     *client.TwilioRestError built from those fields, so that errors.As
//     still finds Twilio's code and HTTP status, or ErrUnexpectedAnswer.
//   - Without an answer (the transport failed): the transport's error,
//     only if no link of its chain shows a secret of the call (the auth
//     token and its Authorization header, the recipient in every form, the
//     text sent and the template param values) in any format, or else a
//     stand-in.
//
// The code lives in internal/wire, shared with
// provider/twilio/twilioverify, so that both follow the one rule.
