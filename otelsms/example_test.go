package otelsms_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/otelsms"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// A send that the provider refuses once, as not accepted, and Retry sends
// again: one send span (PRODUCER) with two attempt spans (CLIENT) inside
// it. The SDK's in-memory span recorder stands in for an exporter; the
// fake stands in for a provider.
func Example() {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	defer func() { _ = tp.Shutdown(context.Background()) }()

	tel, err := otelsms.New(otelsms.Options{Provider: "aliyun", TracerProvider: tp})
	if err != nil {
		log.Fatal(err)
	}
	provider := fake.MustNew(fake.Options{Provider: "aliyun"})
	provider.FailNext(1, &sms.Error{Code: sms.Unavailable, NotAccepted: true, ProviderCode: "isp.SYSTEM_ERROR"})
	retry := middleware.Retry(middleware.RetryOptions{
		Sleep: func(context.Context, time.Duration) error { return nil }, // no waiting in an example
	})
	sender := sms.Chain(tel.Send(), retry)(tel.Attempt()(provider))

	_, err = sender.Send(context.Background(), sms.Message{
		To:       "+8613800138000",
		Template: "login_code",
		Params:   map[string]string{"code": "482915"},
	})
	fmt.Println("send:", err)

	// Spans end innermost first: the two attempts, then the send.
	for _, s := range spans.Ended() {
		fmt.Printf("%s %s %s\n", s.Name(), s.SpanKind(), s.Status().Code)
		attrs := attribute.NewSet(s.Attributes()...) // sorted by key
		for _, kv := range attrs.ToSlice() {
			switch kv.Key {
			case "messaging.system", otelsms.TemplateKey, otelsms.AttemptKey, otelsms.AttemptsKey,
				"error.type", otelsms.ProviderCodeKey:
				fmt.Printf("  %s=%s\n", kv.Key, kv.Value.String())
			}
		}
	}
	// Output:
	// send: <nil>
	// send aliyun client Error
	//   error.type=unavailable
	//   messaging.system=aliyun
	//   sms.attempt=1
	//   sms.provider_code=isp.SYSTEM_ERROR
	//   sms.template=login_code
	// send aliyun client Unset
	//   messaging.system=aliyun
	//   sms.attempt=2
	//   sms.template=login_code
	// send aliyun producer Unset
	//   messaging.system=aliyun
	//   sms.attempts=2
	//   sms.template=login_code
}
