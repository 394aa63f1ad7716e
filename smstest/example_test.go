package smstest_test

import (
	"fmt"

	"github.com/smskit/sms/smstest"
)

// Sample is the message to register in a backend before running the suite.
func ExampleSample() {
	m := smstest.Sample()
	fmt.Println(m.To, m.Template, m.Reference)
	fmt.Println(m.Params["code"], m.Params["name"])
	fmt.Println(m) // String masks the number and hides the params
	// Output:
	// +8613800138000 conformance conformance-1
	// 472913 张三🎉
	// sms.Message{To: +86 138****8000, Template: "conformance", Params: 2 hidden, Reference: "conformance-1"}
}

// Samples are the distinct messages of the Concurrent case.
func ExampleSamples() {
	for _, m := range smstest.Samples(3) {
		fmt.Println(m.To, m.Reference)
	}
	// Output:
	// +8613900000000 conformance-2
	// +8613900000001 conformance-3
	// +8613900000002 conformance-4
}

// Cases are the subtest names and the keys of Harness.Unsupported.
func ExampleCases() {
	fmt.Println(smstest.Cases())
	h := smstest.Harness{
		Unsupported: map[string]string{smstest.CaseThrottled: "the sandbox never throttles"},
	}
	fmt.Println(h.Unsupported)
	// Output:
	// [Send RoundTrip InvalidNumber Canceled CancelMidCall Outage Throttled Concurrent ErrorText]
	// map[Throttled:the sandbox never throttles]
}
