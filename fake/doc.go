// Package fake provides an in-memory sms.Sender for unit tests of
// applications. It checks every message exactly as a real provider does
// before any request (sms.Validator.Prepare, with the provider's Rules and
// the application's declared templates), records every call, can be told to
// fail or to be slow, answers status queries, and never touches the network.
//
// A test builds one fake per test (all state lives in the instance, so
// parallel tests never share anything), hands it to the code under test and
// then asserts on what "reached the phone":
//
//	func TestLoginSendsCode(t *testing.T) {
//		sender := fake.MustNew(fake.Options{})
//		svc := &LoginService{Sender: sender}
//
//		require.NoError(t, svc.SendCode(context.Background(), "138 0013 8000"))
//
//		sender.AssertSent(t, fake.Match{To: "+8613800138000", Template: "login_code"})
//		code := sender.Code(t, "13800138000", "code") // any number format
//		require.True(t, svc.Verify("13800138000", code))
//	}
//
// # Failing like production
//
// Give the fake the rules of the provider it stands in for and the
// templates the application declares, and the mistakes production would
// refuse fail in the unit test, with the same *sms.Error (code, rule and
// text; only the provider's name is the fake's Options.Provider):
//
//	production := aliyun.Options{SignName: "smskit", Templates: app.Templates} // as given to aliyun.New
//	sender, err := fake.New(fake.Options{
//		Rules:     production.Rules(), // templates only, kinds, Aliyun's lengths and signs
//		Templates: production.Templates,
//	})
//
// An undeclared template (a typo), a missing or extra param, a param longer
// than the provider allows and a domestic template sent abroad are then
// InvalidArgument errors that are not accepted, wrapping sms.ErrUnknownTemplate,
// sms.ErrMissingParam, sms.ErrExtraParam, sms.ErrInvalidParam or
// sms.ErrWrongKind. With the zero Options the fake checks what every provider
// checks (the number, the sizes in sms's limits) and takes any template name
// as a provider's code. New refuses templates that cannot work with the
// Rules, with an error wrapping sms.ErrInvalidOptions; MustNew panics with it,
// for options a test knows to be valid.
//
// # Scripted failures and latency
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
// # What counts as sent
//
// Messages, SentTo, Last, Code, Len, WaitFor and the assertions only see
// messages that were accepted (Send returned nil). Records lists every call,
// including invalid messages, canceled contexts and scripted failures, each
// with the error Send returned. A scripted failure that may have been
// accepted (an *sms.Error with NotAccepted false, or any error that is not an
// *sms.Error) is in Records only: the fake treats it as "the application was
// told it failed", which is what the application under test has to cope
// with; check Record.MayHaveArrived to find such records.
//
// # Capabilities
//
// Sender implements sms.StatusChecker: an accepted message is delivered, any
// other id not found, and StatusWhen scripts other answers, so that status
// polling can be tested. It implements sms.TemplateChecker with its Rules and
// Templates, as the provider does. It wraps nothing (no Unwrap); through
// middleware and routers, find its capabilities with sms.As.
//
// # Names shared with package dryrun
//
// fake and dryrun use one vocabulary, and a new in-memory sender should too:
//   - Options.Provider, DefaultRegion, Rules, Templates and Now mean the same
//     in both;
//   - a Record is one send as the Sender keeps it: Message (normalized),
//     Time, Result (and here Err, since the fake records failures too);
//   - Records returns the kept Records; Messages the accepted messages, as
//     the phones would have received them; SentTo(number) those to one
//     number; Last(number) the Record of the last accepted message to a
//     number; Code(…, number, param) one param of it (here it fails the
//     test when there is none; dryrun.Code reports false);
//   - numbers given to these methods may be in any format sms.Normalize
//     accepts, read in DefaultRegion.
//
// The assertions print full phone numbers and template params when they
// fail. That is deliberate: in a unit test they are the test's own data, and
// a readable diff is worth more than masking. Never use package fake outside
// tests.
package fake
