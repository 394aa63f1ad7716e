// Package fake provides an in-memory sms.Sender for unit tests of
// applications. It validates and normalizes every message exactly as a real
// provider does (sms.Normalize), records every call, can be told to fail or
// to be slow, and never touches the network.
//
// A test builds one fake per test (all state lives in the instance, so
// parallel tests never share anything), hands it to the code under test and
// then asserts on what "reached the phone":
//
//	func TestLoginSendsCode(t *testing.T) {
//		sender := fake.New(fake.Options{})
//		svc := &LoginService{Sender: sender}
//
//		require.NoError(t, svc.SendCode(context.Background(), "138 0013 8000"))
//
//		sender.AssertSent(t, fake.Match{To: "+8613800138000", Template: "login_code"})
//		code := sender.Code(t, "13800138000", "code") // any number format
//		require.True(t, svc.Verify("13800138000", code))
//	}
//
// Failures are scripted per instance:
//
//	sender.FailNext(1, &sms.Error{Code: sms.RateLimited, NotAccepted: true})
//	sender.FailWhen(func(m sms.Message) error {
//		if strings.HasPrefix(m.To, "+1") {
//			return &sms.Error{Code: sms.PermissionDenied, NotAccepted: true}
//		}
//		return nil
//	})
//	sender.SetLatency(2 * time.Second) // with Options.Sleep injected, no test waits
//
// What counts as sent: Messages, Last, SentTo, Len, WaitFor and the
// assertions only see messages that were accepted (Send returned nil).
// Records lists every call, including invalid messages, canceled contexts and
// scripted failures, each with the error Send returned. A scripted failure
// that may have been accepted (an *sms.Error with NotAccepted false, or any
// error that is not an *sms.Error) is in Records only: the fake treats it as
// "the application was told it failed", which is what the application under
// test has to cope with; check Record.MayHaveArrived to find such records.
//
// The assertions print full phone numbers and template params when they
// fail. That is deliberate: in a unit test they are the test's own data, and
// a readable diff is worth more than masking. Never use package fake outside
// tests.
package fake
