package fake_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/provider/aliyun"
)

func Example() {
	sender := fake.MustNew(fake.Options{})
	ctx := context.Background()

	res, err := sender.Send(ctx, sms.Message{
		To:       "138 0013 8000", // national format, region CN
		Template: "login_code",
		Params:   map[string]string{"code": "123456"},
	})
	fmt.Println(res.Provider, res.MessageID, err)

	for _, m := range sender.SentTo("+8613800138000") {
		fmt.Println(m.To, m.Template, m.Params["code"])
	}
	// Output:
	// fake fake-ec91f8bdfc97bd6c <nil>
	// +8613800138000 login_code 123456
}

func ExampleSender_FailNext() {
	sender := fake.MustNew(fake.Options{})
	sender.FailNext(1, &sms.Error{Code: sms.RateLimited, NotAccepted: true, RetryAfter: time.Minute})
	msg := sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "1"}}

	_, err := sender.Send(context.Background(), msg)
	fmt.Println(sms.CodeOf(err), sms.IsRetryable(err), sms.RetryAfterOf(err))
	_, err = sender.Send(context.Background(), msg)
	fmt.Println(err, sender.Len(), len(sender.Records()))
	// Output:
	// rate limited true 1m0s
	// <nil> 1 2
}

func ExampleSender_FailWhen() {
	sender := fake.MustNew(fake.Options{})
	sender.FailWhen(func(m sms.Message) error {
		if m.Template == "marketing" {
			return &sms.Error{Code: sms.PermissionDenied, NotAccepted: true, Message: "template not approved"}
		}
		return nil
	})
	for _, template := range []string{"login_code", "marketing"} {
		_, err := sender.Send(context.Background(), sms.Message{To: "+8613800138000", Template: template})
		fmt.Println(template, sms.CodeOf(err))
	}
	// Output:
	// login_code ok
	// marketing permission denied
}

func ExampleSender_WaitFor() {
	sender := fake.MustNew(fake.Options{})
	go func() { // the code under test, sending in the background
		_, _ = sender.Send(context.Background(), sms.Message{To: "+8613800138000", Template: "welcome"})
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	fmt.Println(sender.WaitFor(ctx, 1), sender.Len())
	// Output:
	// <nil> 1
}

func ExampleOptions_sleep() {
	// A latency that costs the test no time: Sleep reports the wait instead.
	sender := fake.MustNew(fake.Options{
		Latency: 2 * time.Second,
		Sleep: func(ctx context.Context, d time.Duration) error {
			fmt.Println("provider takes", d)
			return ctx.Err()
		},
	})
	_, err := sender.Send(context.Background(), sms.Message{To: "+8613800138000", Template: "welcome"})
	fmt.Println(err)
	// Output:
	// provider takes 2s
	// <nil>
}

// Given the provider's rules and the declared templates, the fake refuses
// what the provider would, with the same error.
func ExampleOptions_rules() {
	// The options the application gives aliyun.New; Rules says what they
	// make the provider refuse.
	templates := []sms.Template{{
		Name:  "login_code",
		Kind:  sms.KindVerification,
		Text:  "Your code is ${code}.",
		Codes: map[string]string{"aliyun": "SMS_123456789"},
	}}
	production := aliyun.Options{SignName: "smskit", Templates: templates}

	sender, err := fake.New(fake.Options{
		Provider:  aliyun.Name,
		Rules:     production.Rules(),
		Templates: templates,
	})
	if err != nil {
		panic(err)
	}
	for _, msg := range []sms.Message{
		{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "1234"}},
		{To: "+8613800138000", Template: "login_cod", Params: map[string]string{"code": "1234"}},
		{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": strings.Repeat("9", 36)}},
	} {
		_, err := sender.Send(context.Background(), msg)
		fmt.Println(err)
	}
	// Output:
	// <nil>
	// sms: aliyun: invalid argument: template "login_cod" is not declared: check the name, or declare it (not accepted)
	// sms: aliyun: invalid argument: param "code": value is longer than 35 characters (not accepted)
}

func ExampleSender_Status() {
	sender := fake.MustNew(fake.Options{})
	ctx := context.Background()
	res, _ := sender.Send(ctx, sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "1"}})

	// What an application's status polling sees: pending twice, then delivered.
	polls := 0
	sender.StatusWhen(func(fake.Record) (sms.Status, error) {
		if polls++; polls <= 2 {
			return sms.Status{State: sms.StatePending}, nil
		}
		return sms.Status{State: sms.StateDelivered, ProviderCode: "DELIVERED"}, nil
	})
	for range 3 {
		st, err := sender.Status(ctx, sms.StatusQuery{MessageID: res.MessageID, To: "+8613800138000"})
		fmt.Println(st, err)
	}
	// Output:
	// pending <nil>
	// pending <nil>
	// delivered (DELIVERED) <nil>
}
