package apierr

import (
	"strconv"
	"strings"
	"time"

	"github.com/smskit/sms"
)

// Format formats an error answer of provider as
// "provider: HTTP 200 CODE: MESSAGE (request ID)": each of codes after a
// space (an empty one too), then ": " and message when message is not
// empty, then " (request " and requestID ")" when requestID is not empty.
func Format(provider string, httpStatus int, message, requestID string, codes ...string) string {
	var b strings.Builder
	b.WriteString(provider)
	b.WriteString(": HTTP ")
	b.WriteString(strconv.Itoa(httpStatus))
	for _, c := range codes {
		b.WriteString(" ")
		b.WriteString(c)
	}
	if message != "" {
		b.WriteString(": ")
		b.WriteString(message)
	}
	if requestID != "" {
		b.WriteString(" (request ")
		b.WriteString(requestID)
		b.WriteString(")")
	}
	return b.String()
}

// Classify returns the class of code in table, whatever HTTP status
// carries it. For a code not in table: noCode when code is empty (not the
// API answering but something in front of it, such as a gateway's 502
// page), server when httpStatus is 500 or more, and unknown otherwise.
func Classify[C any](table map[string]C, code string, httpStatus int, noCode, server, unknown C) C {
	if c, ok := table[code]; ok {
		return c
	}
	switch {
	case code == "":
		return noCode
	case httpStatus >= 500:
		return server
	}
	return unknown
}

// Class is how one kind of error answer is reported to callers.
type Class struct {
	Code        sms.Code // the error's Code
	NotAccepted bool     // the provider did not accept the message
	What        string   // for people: the start of the error's Message
}

// Error returns the *sms.Error of provider for an answer of class c: its
// Message is c.What, then ": " and shown when shown (the provider's
// message, as the redaction rule let it through) is not empty; it wraps
// err (the provider's APIError).
func (c Class) Error(provider, shown, providerCode, requestID string, err error) *sms.Error {
	e := &sms.Error{
		Code:         c.Code,
		NotAccepted:  c.NotAccepted,
		Provider:     provider,
		ProviderCode: providerCode,
		RequestID:    requestID,
		Message:      c.What,
		Err:          err,
	}
	if shown != "" {
		e.Message += ": " + shown
	}
	return e
}

// The windows of the per-number limits of Aliyun's SMS service (and of
// Alidayu, which shares its isv. codes), named in its messages as
// 触发分钟级流控, 触发小时级流控 and 触发天级流控.
var limitWindows = []struct {
	marks  []string
	window time.Duration
}{
	{[]string{"分钟", "minute", "Minute"}, time.Minute},
	{[]string{"小时", "hour", "Hour"}, time.Hour},
	{[]string{"天", "日", "day", "Day"}, 24 * time.Hour},
}

// LimitWindow is how long a per-number limit lasts, read from an
// Aliyun-family message: its window (a minute, an hour or a day; the
// windows roll, so the wait may be shorter). An unreadable message gets
// the shortest window.
func LimitWindow(message string) time.Duration {
	for _, w := range limitWindows {
		for _, m := range w.marks {
			if strings.Contains(message, m) {
				return w.window
			}
		}
	}
	return time.Minute
}
