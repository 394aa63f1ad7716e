package dryrun_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
	"github.com/smskit/sms/provider/aliyun"
)

// stdoutLogger logs to standard output without the time, so that the
// examples' output is stable.
func stdoutLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{}
			}
			return a
		},
	}))
}

func Example() {
	sender, err := dryrun.New(dryrun.Options{Provider: "aliyun", Logger: stdoutLogger()})
	if err != nil {
		panic(err)
	}

	res, err := sender.Send(context.Background(), sms.Message{
		To:       "138 0013 8000",
		Template: "login_code",
		Params:   map[string]string{"code": "492817"},
	})
	fmt.Println(res.Provider, res.MessageID, res.DryRun, err)

	// What QA reads on staging: the code that would have been sent.
	code, _ := sender.Code("+8613800138000", "code")
	fmt.Println("code:", code)
	// Output:
	// level=INFO msg="sms dry run" provider=aliyun message_id=dryrun-995e82fdeb2283aa message.to="+86 138****8000" message.template=login_code message.params=1
	// aliyun dryrun-995e82fdeb2283aa true <nil>
	// code: 492817
}

// Given the provider's rules and the declared templates, a staging Sender
// refuses what the provider would, with the same error.
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

	sender, err := dryrun.New(dryrun.Options{
		Provider:  aliyun.Name,
		Logger:    slog.New(slog.DiscardHandler),
		Rules:     production.Rules(),
		Templates: templates,
	})
	if err != nil {
		panic(err)
	}
	for _, msg := range []sms.Message{
		{To: "+8613800138000", Template: "login_cod", Params: map[string]string{"code": "1234"}},
		{To: "+8613800138000", Template: "login_code"},
		{To: "+12015550123", Template: "login_code", Params: map[string]string{"code": "1234"}},
	} {
		_, err := sender.Send(context.Background(), msg)
		fmt.Println(err)
	}
	// Output:
	// sms: aliyun: invalid argument: template "login_cod" is not declared: check the name, or declare it (not accepted)
	// sms: aliyun: invalid argument: template "login_code" needs param "code" (not accepted)
	// sms: aliyun: invalid argument: template "login_code" is a verification template, for CN numbers only, and the recipient is in US: use an international template (not accepted)
}
