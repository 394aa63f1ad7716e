// Package twilioverify is a verify.Verifier on Twilio Verify v2 (hosted
// verification codes), built on the official github.com/twilio/twilio-go
// (rest/verify/v2: CreateVerification and CreateVerificationCheck).
//
// Usage:
//
//	v, err := twilioverify.New(twilioverify.Options{
//		AccountSID: os.Getenv("TWILIO_ACCOUNT_SID"),
//		AuthToken:  os.Getenv("TWILIO_AUTH_TOKEN"),
//		ServiceSID: "VA…", // the Verify Service of the default purpose
//		Services:   map[string]string{"reset": "VA…"}, // one Service per other purpose
//	})
//	ver, err := v.Start(ctx, verify.Request{To: "+14155552671", Key: clientIP})
//	// ... later ...
//	out, err := v.Check(ctx, verify.Check{To: "+14155552671", Code: typed})
//	if out.Approved() { ... }
//
// Twilio generates, stores, sends and checks the code; the Verifier maps
// smskit's vocabulary onto Verify v2:
//
//   - Purposes are Services. Twilio keeps one pending verification per
//     Service and number, so Options.ServiceSID serves verify.DefaultPurpose
//     and Options.Services the others; a purpose without a Service is
//     refused before any request (InvalidArgument), so that a code issued
//     for one purpose never approves another.
//   - Start is also "resend": while a verification is pending Twilio sends
//     the same code again (there is no resend interval: ResendAfter is now),
//     up to MaxSends (5) per verification; the sixth is *sms.Error
//     RateLimited, PerRecipient, NotAccepted (Twilio's 60203).
//     Verification.Expires is the verification's date_created plus
//     Options.ValidFor, which must match the Service's configuration
//     (Twilio's default, 10 minutes): Twilio does not say it.
//   - Request.Code is Twilio's CustomCode (4 to 10 letters or digits).
//     Request.Key is sent as DeviceIp when it is an IP address, and as the
//     value of the Service rate limit Options.RateLimitKey when set.
//   - Check outcomes: approved → Approved; pending (a wrong code) →
//     WrongCode with AttemptsLeft -1, since Twilio does not say how many of
//     its MaxChecks (5) are left; 60202 or max_attempts_reached →
//     TooManyAttempts; 20404 (HTTP 404) → NotFound. Twilio forgets a
//     verification once it is approved, expired or burned, and answers
//     20404 for all of them as for a number never verified (or an unknown
//     Service): an expired code is NotFound, never Expired, and the
//     Verifier cannot tell these apart.
//
// # Errors
//
// Errors are *sms.Error with Provider "twilio", classified and redacted by
// exactly the rules of provider/twilio (the code is shared): only Twilio's
// own error body under a 4xx or 5xx means "not accepted"; any other answer
// (a 2xx without a verification SID, a 3xx, which is never followed, a
// gateway's page), a lost answer or a connection that failed after the
// request got one, and a context that ended while the request was in
// flight are "may have been accepted" (NotAccepted false): the code may
// still arrive, so tell the user so rather than start again at once.
// Answers are read through twilio.MaxAnswerBytes. No error, log line or
// String holds the number, the code, the key or the auth token; Twilio's
// own error texts, which quote the number, are never copied.
//
// Verify's codes map as: 60200 (invalid parameter) and 60205 (landline)
// InvalidArgument; 60202, 60203 and 60212 (too many concurrent requests
// for the number) RateLimited; 60410 (Fraud Guard), 60605 (Geo
// Permissions), 60220 and 60238 PermissionDenied; on Start, 20404 is a
// Verify Service (or account) that does not exist, PermissionDenied.
//
// # Testing
//
// provider/twilio/twiliotest serves Verify v2 on the same emulator as
// Messages: point Options.Endpoint at its URL, inject its clock through
// twiliotest.Options.Now, and read the code that "was sent" with
// Server.LastVerifyCode. For a conformance harness: ValidFor is
// Verifier.ValidFor() (and twiliotest.Options.VerifyValidFor), MaxAttempts
// MaxChecks, MaxSends MaxSends, Interval zero; the backend reports neither
// expiry (Expired) nor the attempts left.
//
// # Opening from a URL
//
// Importing the package registers the scheme "twilioverify" with
// verify.RegisterScheme, so that verify.OpenVerifier opens
// "twilioverify://AC...:TOKEN@default?service=VA..." (the parameters are
// OptionsFromURL's; without userinfo the credentials come from
// EnvAccountSID and EnvAuthToken).
package twilioverify
