package senderkittest

import (
	"strings"

	"github.com/smskit/sms"
)

// Case is a message to send and how a provider treats it.
type Case struct {
	Name string
	// NilCtx: Send gets a nil context.
	NilCtx bool
	Msg    sms.Message
	// WantRule is the rule the message breaks; nil: it is accepted.
	WantRule error
}

// LoginCode returns a message of the login_code template to to.
func LoginCode(to, code string) sms.Message {
	return sms.Message{To: to, Template: "login_code", Params: map[string]string{"code": code}}
}

// AliyunCases are messages to send to an in-memory sender given Aliyun's
// rules and the Declared templates, and to the Aliyun provider itself: the
// sender must accept what Aliyun accepts and refuse the rest with the very
// error Aliyun's Sender returns.
func AliyunCases() []Case {
	return []Case{
		{Name: "declared template", Msg: LoginCode("138 0013 8000", "123456")},
		{Name: "international template abroad", Msg: sms.Message{To: "+447911123456", Template: "intl_code", Params: map[string]string{"code": "123456"}}},
		{Name: "typo in the template name", Msg: sms.Message{To: "+8613800138000", Template: "login_cod", Params: map[string]string{"code": "123456"}}, WantRule: sms.ErrUnknownTemplate},
		{Name: "missing param", Msg: sms.Message{To: "+8613800138000", Template: "login_code"}, WantRule: sms.ErrMissingParam},
		{Name: "extra param", Msg: sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "123456", "name": "x"}}, WantRule: sms.ErrExtraParam},
		{Name: "param over Aliyun's limit", Msg: sms.Message{To: "+447911123456", Template: "intl_code", Params: map[string]string{"code": strings.Repeat("9", 36)}}, WantRule: sms.ErrInvalidParam},
		{Name: "2,000-character param", Msg: LoginCode("+8613800138000", strings.Repeat("9", 2000)), WantRule: sms.ErrInvalidParam},
		{Name: "verification code too short", Msg: LoginCode("+8613800138000", "1"), WantRule: sms.ErrInvalidParam},
		{Name: "US number, domestic template", Msg: LoginCode("+12015550123", "123456"), WantRule: sms.ErrWrongKind},
		{Name: "mainland number, international template", Msg: sms.Message{To: "+8613800138000", Template: "intl_code", Params: map[string]string{"code": "123456"}}, WantRule: sms.ErrWrongKind},
		{Name: "body to a templates-only provider", Msg: sms.Message{To: "+8613800138000", Body: "hi"}, WantRule: sms.ErrMissingContent},
		{Name: "nil context", NilCtx: true, Msg: LoginCode("+8613800138000", "123456"), WantRule: sms.ErrNilContext},
	}
}

// ZeroOptionsCases are messages to send to an in-memory sender with zero
// Options: any template name is a provider's code, and the core's checks
// and limits hold, with the error the core's Validator returns.
func ZeroOptionsCases() []Case {
	return []Case{
		{Name: "any template name is a code", Msg: sms.Message{To: "+8613800138000", Template: "SMS_999"}},
		{Name: "body", Msg: sms.Message{To: "+12015550123", Body: "hi"}},
		{Name: "2,000-character param", Msg: LoginCode("+8613800138000", strings.Repeat("9", 2000)), WantRule: sms.ErrInvalidParam},
		{Name: "nil context", NilCtx: true, Msg: LoginCode("+8613800138000", "1"), WantRule: sms.ErrNilContext},
	}
}
