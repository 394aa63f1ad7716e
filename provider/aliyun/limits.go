package aliyun

// Aliyun's documented limits, which the Sender checks before any request (on
// top of the core's limits in package sms), so that a message Aliyun would
// refuse costs no request and a huge input costs no allocation. Lengths are
// in characters (Unicode code points), as Aliyun counts them.
const (
	// MinSignLength and MaxSignLength bound a sign name (签名): 2 to 12
	// characters.
	MinSignLength = 2
	MaxSignLength = 12
	// MaxParamLength is the longest value of a notification (and
	// international) template's variable: each is 1 to 35 characters.
	MaxParamLength = 35
	// MinCodeLength and MaxCodeLength bound the one variable of a
	// verification-code template: 4 to 6 characters.
	MinCodeLength = 4
	MaxCodeLength = 6
	// MaxTemplateLength is the longest template text, and the most
	// characters a message's params may add up to: a whole message is at
	// most 500 characters.
	MaxTemplateLength = 500
	// MaxReferenceLength is the longest Message.Reference, sent as OutId,
	// which Aliyun wants under 256 characters.
	MaxReferenceLength = 255
	// MaxTemplateCodeLength is the longest template code ("SMS_" and
	// digits); smskit's bound, far above any code Aliyun issues.
	MaxTemplateCodeLength = 32
	// MaxUpExtendCodeLength is the longest Options.UpExtendCode (digits
	// only); smskit's bound.
	MaxUpExtendCodeLength = 12
)
