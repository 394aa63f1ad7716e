// Package aliyunverify is a verify.Verifier on Aliyun's hosted
// verification-code service, the number authentication service's SMS
// authentication (Dypnsapi, version 2017-05-25: SendSmsVerifyCode and
// CheckSmsVerifyCode), through the classic SDK's services/dypnsapi. Aliyun
// generates the code, puts it into the template where TemplateParam holds
// "##code##", sends it, keeps it and checks it: nothing about the code is
// stored here.
//
// # Mapping
//
//   - Request.To and Check.To: mainland China numbers only (+86, or a
//     national number of Options.DefaultRegion "CN"), sent as PhoneNumber
//     with CountryCode 86. Any other number is refused before any request:
//     sms.InvalidArgument wrapping sms.ErrInvalidNumber, not accepted.
//   - Request.Purpose and Check.Purpose (empty: verify.DefaultPurpose) are
//     sent as OutId on both calls, so that a code of one purpose never
//     passes a check of another; 1 to 64 letters, digits, '.', '_', '-'.
//     Options.SchemeName is sent with both calls too.
//   - Request.Code is refused (InvalidArgument wrapping
//     errors.ErrUnsupported, not accepted): Aliyun sends a literal code as
//     it is and does not verify it.
//   - Request.Key and Check.Key are not used: Aliyun limits per number.
//     Put a limit on the key in front of the Verifier if you need one.
//   - Options.CodeLength (4–8, default 6 where Aliyun's is 4), CodeType,
//     ValidTime (300 s), Interval (60 s) and DuplicatePolicy
//     (verify.ReplaceOld is Aliyun's 1, verify.KeepAll its 2) travel as the
//     parameters of the same names; ReturnVerifyCode is never asked for, so
//     the code never reaches this process.
//   - Verification.ID and Result.MessageID are Aliyun's BizId; Expires and
//     ResendAfter are computed from Options.Now, ValidTime and Interval;
//     Sends is 0, as Aliyun does not count them.
//
// # Outcomes
//
// VerifyResult PASS is verify.Approved. UNKNOWN is verify.WrongCode with
// AttemptsLeft -1: Aliyun does not tell a wrong code from an expired, used
// or superseded one, nor say how many checks are left, so this backend
// never reports Expired, TooManyAttempts or NotFound. A code that cannot be
// one Aliyun generated (another length, characters outside CodeType's) is
// WrongCode without a request.
//
// # Errors
//
// Errors are *sms.Error values with Provider "aliyun", classified and
// redacted as package aliyun classifies and redacts SendSms's (they go
// through the same transport, credentials and rules): no number, code,
// AccessKey or signature reaches an error. A send within Interval of the
// previous one for the number and purpose (biz.FREQUENCY) is
// sms.RateLimited, per recipient, with RetryAfter Interval. A send that may
// have reached Aliyun (the connection lost after the request was written, a
// timeout then, a redirect, an answer that is not Aliyun's, an OK without a
// usable BizId) has NotAccepted false: the code may still arrive, so tell
// the user so rather than start again at once. Check's errors mean nothing
// was decided.
//
// The emulator in package aliyuntest serves both actions, so tests run
// against it with Options.Endpoint set to its URL and read the code that
// "was sent" with its LastVerifyCode.
//
// # Opening from a URL
//
// Importing the package registers the scheme "aliyunverify" with
// verify.RegisterScheme, so that verify.OpenVerifier opens
// "aliyunverify://KEY_ID:SECRET@default?sign=NAME&template=SMS_..." (the
// parameters are OptionsFromURL's). Aliyun caps no attempts per code:
// wrap the Verifier in verify.Guard, whose per-recipient check limit is
// then the only bound on guesses.
package aliyunverify
