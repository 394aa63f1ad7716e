package smstest

import (
	"fmt"

	"github.com/smskit/sms"
)

// DefaultTemplate is the template the suite sends when Harness.Template is
// empty.
const DefaultTemplate = "conformance"

// MaxSamples is the largest n Samples honours: the number of distinct
// recipients it can make.
const MaxSamples = 100_000_000

// Sample returns the message the suite sends in every case but Concurrent,
// with Template replaced by Harness.Template when that is set:
//
//	sms.Message{
//		To:        "+8613800138000",
//		Template:  "conformance",
//		Params:    map[string]string{"code": "472913", "name": "张三🎉"},
//		Reference: "conformance-1",
//	}
//
// The template takes two variables, code and name; each value is 1 to 35
// characters, so it fits an Aliyun notification template (通知短信), and name
// holds Chinese text and an emoji (outside the Basic Multilingual Plane) to
// catch encoding losses. Each call returns a new map.
func Sample() sms.Message {
	return sms.Message{
		To:       "+8613800138000",
		Template: DefaultTemplate,
		Params: map[string]string{
			"code": "472913",
			"name": "张三🎉",
		},
		Reference: "conformance-1",
	}
}

// Samples returns n further messages, distinct from Sample and from each
// other, that the suite sends where it needs several (Concurrent,
// CancelMidCall, and the send after an outage or throttling ends). Message i is Sample with To set to
// the i-th valid mainland number from +8613900000000 up (+8613900000000,
// +8613900000001, …) and Reference "conformance-(i+2)". Distinct recipients
// keep backends with per-number frequency limits (as Aliyun has) from
// refusing them. n is clamped to [0, MaxSamples].
func Samples(n int) []sms.Message {
	msgs := make([]sms.Message, min(max(n, 0), MaxSamples))
	for i := range msgs {
		msgs[i] = sampleAt(i)
	}
	return msgs
}

// sampleAt returns message i of Samples, for 0 <= i < MaxSamples.
func sampleAt(i int) sms.Message {
	m := Sample()
	m.To = fmt.Sprintf("+86139%08d", i)
	m.Reference = fmt.Sprintf("conformance-%d", i+2)
	return m
}
