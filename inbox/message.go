package inbox

import (
	"regexp"
	"sort"
	"strings"
	"time"
)

// Providers, the values of Message.Provider.
const (
	ProviderAliyun = "aliyun"
	ProviderTwilio = "twilio"
)

// Delivery statuses, the values of Message.Status.
const (
	StatusWaiting   = "waiting"
	StatusDelivered = "delivered"
	StatusFailed    = "failed"
)

// Message is one message the inbox received, to one number, as the JSON
// API returns it.
type Message struct {
	// ID identifies the message in the inbox: "aliyun-<BizId>-<n>" or the
	// Twilio message SID.
	ID string `json:"id"`
	// Provider is ProviderAliyun or ProviderTwilio.
	Provider string `json:"provider"`
	// To is the number as the sender wrote it.
	To string `json:"to"`
	// Number is To in E.164, as the provider reads it: the thread key.
	Number string `json:"number"`
	// Text is what the phone would show: for Aliyun "【sign】" and the
	// rendered template, for Twilio the body.
	Text string `json:"text"`
	// Sign is the Aliyun sign name, or Twilio's From (or Messaging Service).
	Sign string `json:"sign,omitempty"`
	// Template is the Aliyun template code; empty for Twilio.
	Template string `json:"template,omitempty"`
	// Kind is the Aliyun template kind ("Verification", "Notification",
	// "Promotion", "International"); empty for Twilio.
	Kind string `json:"kind,omitempty"`
	// Params are the Aliyun template variables.
	Params map[string]string `json:"params,omitempty"`
	// Code is the verification code picked out of the message, if any.
	Code string `json:"code,omitempty"`
	// Time is when the provider accepted the message.
	Time time.Time `json:"time"`
	// Status is StatusWaiting, StatusDelivered or StatusFailed.
	Status string `json:"status"`
	// ErrCode is the receipt's code: "DELIVERED", a failure code, or empty
	// while waiting (Aliyun); Twilio's error code (Twilio).
	ErrCode string `json:"errCode,omitempty"`
	// BizID is the Aliyun BizId; OutID the caller's OutId.
	BizID string `json:"bizId,omitempty"`
	OutID string `json:"outId,omitempty"`
}

// codeParams are the template variable names read as a verification code,
// in order of preference.
var codeParams = []string{"code", "Code", "CODE", "verifyCode", "verify_code", "otp", "captcha", "smsCode"}

// codeInText finds a verification code in free text: the first run of 4 to 8
// digits that is not part of a longer number.
var codeInText = regexp.MustCompile(`(?:^|[^0-9])([0-9]{4,8})(?:[^0-9]|$)`)

// formatParams writes template variables as "name=value" pairs sorted by
// name, for a template whose text the inbox does not know.
func formatParams(params map[string]string) string {
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for i, k := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k + "=" + params[k])
	}
	return b.String()
}

// pickCode returns the verification code of a message: a code-named
// variable, the only variable of a verification template, or the first 4–8
// digit run of the text.
func pickCode(kind string, params map[string]string, text string) string {
	for _, name := range codeParams {
		if v, ok := params[name]; ok && v != "" {
			return v
		}
	}
	if kind == "Verification" && len(params) == 1 {
		for _, v := range params {
			return v
		}
	}
	if m := codeInText.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}
