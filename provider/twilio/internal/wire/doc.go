// Package wire is the HTTP exchange shared by smskit's Twilio packages
// (provider/twilio's Sender and provider/twilio/twilioverify's Verifier):
// one account's credentials and transport (Client), one twilio-go request
// carried with a caller's context and read through MaxAnswerBytes (Call,
// Answer), and the classification and redaction of what came back into an
// *sms.Error with Provider "twilio" (Failure, FromAnswer, FromCode).
//
// Keeping these in one place keeps the two packages' rules identical: no
// redirect is followed, an answer is read through a bound, a request that
// got a connection is "may have been accepted" unless Twilio's own error
// body says otherwise, and an error carries only text smskit wrote.
package wire
