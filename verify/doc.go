// Package verify issues, sends and checks SMS verification codes (短信验证码)
// behind one small interface, Verifier, and protects them against guessing
// and SMS pumping.
//
// A Verifier has two operations: Start sends a code to a recipient for a
// purpose ("login", "reset"), Check checks a code the user typed. The local
// backend (New) makes the codes itself and sends them through any
// sms.Sender, typically the middleware stack around a provider; hosted
// backends (provider/aliyun/aliyunverify, provider/twilio/twilioverify)
// leave codes to Aliyun's Dypnsapi or Twilio Verify. Guard adds abuse
// controls around any of them; NewGuarded is the recommended constructor
// of the local backend:
//
//	v, err := verify.NewGuarded(verify.Options{
//		Sender:    stack, // the sms.Sender, with middleware
//		Template:  "login_code",
//		Templates: templates, // login_code has Kind sms.KindVerification
//	}, verify.GuardOptions{})
//
//	_, err = v.Start(ctx, verify.Request{To: phone, Purpose: "login", Key: clientIP})
//	switch {
//	case err == nil:
//		// "We sent you a code."
//	case sms.CodeOf(err) == sms.RateLimited:
//		// 429, Retry-After: sms.RetryAfterOf(err)
//	case !sms.IsNotAccepted(err):
//		// "The code may still arrive": do not start again at once.
//	default:
//		// nothing was sent; safe to try again
//	}
//
//	out, err := v.Check(ctx, verify.Check{To: phone, Purpose: "login", Code: typed, Key: clientIP})
//	if err == nil && out.Approved() { ... }
//
// # Rules
//
//   - Codes come from crypto/rand without modulo bias, 4 to 10 characters
//     (default 6 digits; Alphanumeric leaves out look-alike characters).
//     Request.Code sends a code of your own, checked against the same rules.
//   - Only keyed hashes are stored: the store key is an HMAC of the
//     number (E.164) and purpose, the code an HMAC of purpose, number and
//     code, both under Options.Secret with domain separation. A Store never
//     sees a number, a purpose or a code.
//   - Check hashes the code and compares it, in constant time, against a
//     fixed number of slots whether or not a verification is pending, so a
//     check costs the same either way. Input that cannot be a code (empty,
//     longer than MaxCodeLength, not ASCII letters and digits), a bad
//     number or purpose is an InvalidArgument error that reaches no store.
//   - A verification allows MaxAttempts checks; the check that reaches the
//     cap burns it, and later checks are TooManyAttempts without comparing.
//     Of concurrent checks of the right code exactly one is approved;
//     approval consumes the verification.
//   - Start refuses a code within Interval of the last one and past
//     MaxSends with RateLimited, NotAccepted, PerRecipient and RetryAfter.
//     Under ReplaceOld (the default, Aliyun's) only the newest code is
//     accepted; under KeepAll every unexpired one.
//   - A send that was definitely not accepted (sms.IsNotAccepted) is
//     revoked: no code, no count, no interval, and Guard refunds its limits.
//     A send that may have been accepted keeps the code pending and
//     counted; Start returns the Verification with the error, and the
//     caller must tell the user that the code may still arrive.
//   - Outcomes of checks are Outcome values, never errors; errors are
//     *sms.Error with Provider "verify" (or the hosted provider's name).
//     Numbers, codes, keys and secrets never appear in errors or String.
//
// # Abuse controls
//
// Guard limits what one verification cannot see: the destination regions
// (only DefaultRegion unless GuardOptions.Allow says otherwise), the codes
// sent to one number across purposes (middleware.AliyunCodePolicy: 1 a
// minute, 5 an hour, 10 a day), the codes and checks of one caller key
// (KeySendPolicy, KeyCheckPolicy), and the checks of one number's codes
// across purposes and keys (RecipientCheckPolicy: 10 in 10 minutes, 30 a
// day), which bounds the guesses of an attacker who rotates keys even
// where the backend caps no attempts (Aliyun's Dypnsapi). Checks past a
// limit are refused before the backend is asked, whether or not a
// verification is pending, and are never refunded. Its stores are
// middleware.Store values: the same Redis store as the recipient limit
// serves a fleet. Guard hands a store no number and no key in clear, only
// an HMAC of it under GuardOptions.Secret, which is required with stores
// of your own (NewGuarded reuses Options.Secret).
//
// # Stores
//
// MemoryStore keeps verifications in one process, bounded by
// MemoryStoreOptions.MaxKeys; a fleet needs a shared Store (package
// redisstore) and the same Options.Secret on every instance. Package
// verifytest proves a Store (RunStore) or a Verifier (Run) right.
package verify
