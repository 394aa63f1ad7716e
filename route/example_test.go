package route_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/smskit/sms"
	"github.com/smskit/sms/route"
)

// A router that sends mainland numbers through Aliyun, failing over to
// Twilio, and everything else through Twilio. Aliyun is in an outage here.
func Example() {
	aliyun := sms.SenderFunc(func(ctx context.Context, m sms.Message) (sms.Result, error) {
		return sms.Result{}, &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: "aliyun",
			ProviderCode: "isp.SYSTEM_ERROR", Message: "system error"}
	})
	twilio := sms.SenderFunc(func(ctx context.Context, m sms.Message) (sms.Result, error) {
		return sms.Result{Provider: "twilio", MessageID: "SM123"}, nil
	})
	router, err := route.New(route.Options{Routes: []route.Route{
		{Name: "mainland", Prefixes: []string{"+86"}, Targets: []route.Target{
			{Name: "aliyun", Sender: aliyun},
			{Name: "twilio", Sender: twilio},
		}},
		{Name: "world", Targets: []route.Target{{Name: "twilio", Sender: twilio}}},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, to := range []string{"+8613800138000", "+12025550123"} {
		res, err := router.Send(context.Background(), sms.Message{
			To:       to,
			Template: "login_code",
			Params:   map[string]string{"code": "123456"},
		})
		fmt.Println(sms.MaskPhone(to), res.Provider, res.Attempts, err)
	}
	// Output:
	// +86 138****8000 twilio 2 <nil>
	// +1 202****123 twilio 0 <nil>
}

// When every provider fails, the error names each one's failure and is
// NotAccepted only if none of them may have accepted the message.
func Example_allFail() {
	down := func(name string, code sms.Code, notAccepted bool) sms.Sender {
		return sms.SenderFunc(func(ctx context.Context, m sms.Message) (sms.Result, error) {
			return sms.Result{}, &sms.Error{Code: code, NotAccepted: notAccepted, Provider: name, Message: "scripted"}
		})
	}
	router, _ := route.New(route.Options{Routes: []route.Route{{Name: "cn", Targets: []route.Target{
		{Name: "aliyun", Sender: down("aliyun", sms.QuotaExceeded, true)},
		{Name: "twilio", Sender: down("twilio", sms.Unknown, false)},
	}}}})
	_, err := router.Send(context.Background(), sms.Message{To: "+8613800138000", Template: "login_code"})
	fmt.Println(err)
	fmt.Println(sms.CodeOf(err), sms.IsNotAccepted(err))
	if e, ok := errors.AsType[*route.Error](err); ok {
		for _, f := range e.Failures {
			fmt.Println(f.Target, sms.CodeOf(f.Err))
		}
	}
	// Output:
	// sms: route: unknown: route "cn": aliyun: quota exceeded: scripted (not accepted); twilio: unknown: scripted (may have been accepted)
	// unknown false
	// aliyun quota exceeded
	// twilio unknown
}

// DefaultFailOver moves a message to the next provider only for failures
// specific to the provider that definitely did not accept it.
func ExampleDefaultFailOver() {
	for _, err := range []error{
		&sms.Error{Code: sms.Unavailable, NotAccepted: true},                                                                 // outage
		&sms.Error{Code: sms.RateLimited, NotAccepted: true, ProviderCode: "Throttling.User"},                                // provider-wide
		&sms.Error{Code: sms.RateLimited, NotAccepted: true, ProviderCode: "isv.BUSINESS_LIMIT_CONTROL", PerRecipient: true}, // per number
		&sms.Error{Code: sms.InvalidArgument, NotAccepted: true},                                                             // bad number
		&sms.Error{Code: sms.Unavailable, NotAccepted: false},                                                                // lost after write
		sms.ContextError(context.Canceled, true),                                                                             // caller gave up
	} {
		e := err.(*sms.Error)
		fmt.Printf("%-17s %-27q not accepted=%-5t fail over=%t\n", e.Code, e.ProviderCode, e.NotAccepted, route.DefaultFailOver(err))
	}
	// Output:
	// unavailable       ""                          not accepted=true  fail over=true
	// rate limited      "Throttling.User"           not accepted=true  fail over=true
	// rate limited      "isv.BUSINESS_LIMIT_CONTROL" not accepted=true  fail over=false
	// invalid argument  ""                          not accepted=true  fail over=false
	// unavailable       ""                          not accepted=false fail over=false
	// canceled          ""                          not accepted=true  fail over=false
}
