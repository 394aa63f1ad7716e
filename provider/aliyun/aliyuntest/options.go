package aliyuntest

import "time"

// TestAccessKeyID is the AccessKeyId accepted when Options.Keys is nil.
const TestAccessKeyID = "LTAI5tAliyunTestKey01"

// TestAccessKeySecret is the AccessKeySecret that signs requests made with
// TestAccessKeyID when Options.Keys is nil. It is a well-known test value and
// protects nothing.
const TestAccessKeySecret = "aliyuntestSecretNotForProduction"

// DefaultSignName is the approved sign name when Options.Signs is nil. It is
// the sign of Aliyun's own SMS test service.
const DefaultSignName = "阿里云短信测试"

// DefaultTemplateCode is the approved verification-code template when
// Options.Templates is nil. Its text is DefaultTemplateText and its one
// variable is "code".
const DefaultTemplateCode = "SMS_154950909"

// DefaultTemplateText is the text of the DefaultTemplateCode template.
const DefaultTemplateText = "您正在使用阿里云短信测试服务，体验验证码是：${code}，如非本人操作，请忽略本短信！"

// DefaultMaxClockSkew is the tolerated difference between a request's
// Timestamp and the emulator's clock when Options.MaxClockSkew is zero.
const DefaultMaxClockSkew = 15 * time.Minute

// Options configures an Emulator. As with gobreaker's Settings, every zero
// value stands for a documented default, so Options{} is a working emulator
// that accepts TestAccessKeyID, the sign DefaultSignName and the template
// DefaultTemplateCode.
//
// New copies the maps and slices it is given: changing them later has no effect.
type Options struct {
	// Keys maps each accepted AccessKeyId to its AccessKeySecret.
	// Nil accepts TestAccessKeyID signed with TestAccessKeySecret.
	Keys map[string]string

	// Now is the emulator's clock: request timestamps, frequency limits,
	// send dates and delivery receipts are all measured against it.
	// Nil means time.Now. Tests inject a fake clock and advance it instead
	// of sleeping. Injected latency (Fault.Delay) is real time regardless.
	Now func() time.Time

	// Signs lists the approved sign names (签名).
	// Nil approves DefaultSignName only.
	Signs []string

	// Templates maps each approved template code (模板 CODE) to its template.
	// Nil approves DefaultTemplateCode only.
	Templates map[string]Template

	// Limits sets the per-number frequency limits. The zero value applies
	// Aliyun's defaults; see Limits.
	Limits Limits

	// Receipt decides, once per accepted message and number, whether and
	// when the message is reported delivered or failed. Nil delivers every
	// message immediately. See DeliverAfter.
	Receipt func(Message) Receipt

	// MaxClockSkew is how far a request's Timestamp may be from Now, in
	// either direction, before InvalidTimeStamp.Expired. Signature nonces
	// are remembered for as long as their request could still be replayed.
	// Zero means DefaultMaxClockSkew.
	MaxClockSkew time.Duration

	// Faults, if not nil, chooses a fault for each request that finds no
	// matching fault queued with Emulator.QueueFault; a zero Fault means
	// none. It is called concurrently and must be safe for that.
	// Emulator.SetFaults replaces it and Emulator.ClearFaults removes it.
	Faults func(Request) Fault

	// Permissive accepts any sign name and any template code (SMS_ and
	// digits), for a quick start of a staging inbox: see Emulator.template.
	// Configured templates keep their text and kind.
	Permissive bool

	// MaxMessages is how many accepted messages the emulator keeps for
	// inspection and QuerySendDetails; once full, each new message makes it
	// forget the oldest. Zero means DefaultMaxMessages, so that a
	// long-running staging emulator has bounded memory.
	MaxMessages int
}

// DefaultMaxMessages is the number of accepted messages kept when
// Options.MaxMessages is zero.
const DefaultMaxMessages = 100000

// withDefaults returns a deep copy of o with every zero value replaced by its
// default.
func (o Options) withDefaults() Options {
	c := o
	c.Keys = make(map[string]string, len(o.Keys))
	for id, secret := range o.Keys {
		c.Keys[id] = secret
	}
	if o.Keys == nil {
		c.Keys[TestAccessKeyID] = TestAccessKeySecret
	}
	if o.Now == nil {
		c.Now = time.Now
	}
	if o.Signs == nil {
		c.Signs = []string{DefaultSignName}
	} else {
		c.Signs = append([]string(nil), o.Signs...)
	}
	c.Templates = make(map[string]Template, len(o.Templates))
	for code, t := range o.Templates {
		c.Templates[code] = t
	}
	if o.Templates == nil {
		c.Templates[DefaultTemplateCode] = Template{Text: DefaultTemplateText, Kind: Verification}
	}
	if o.MaxClockSkew <= 0 {
		c.MaxClockSkew = DefaultMaxClockSkew
	}
	c.Limits = o.Limits.withDefaults()
	if o.MaxMessages <= 0 {
		c.MaxMessages = DefaultMaxMessages
	}
	return c
}
