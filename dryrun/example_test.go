package dryrun_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
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
	sender := dryrun.New(dryrun.Options{Provider: "aliyun", Logger: stdoutLogger()})

	res, err := sender.Send(context.Background(), sms.Message{
		To:       "138 0013 8000",
		Template: "login_code",
		Params:   map[string]string{"code": "492817"},
	})
	fmt.Println(res.Provider, res.MessageID, res.DryRun, err)

	// What QA reads on staging: the code that would have been sent.
	msg, _ := sender.Last("+8613800138000")
	fmt.Println("code:", msg.Params["code"])
	// Output:
	// level=INFO msg="sms dry run" provider=aliyun message_id=dryrun-995e82fdeb2283aa message.to="+86 138****8000" message.template=login_code message.params=1
	// aliyun dryrun-995e82fdeb2283aa true <nil>
	// code: 492817
}

func ExampleOptions_check() {
	templateCodes := map[string]string{"login_code": "SMS_123456789"}
	sender := dryrun.New(dryrun.Options{
		Provider: "aliyun",
		Logger:   slog.New(slog.DiscardHandler),
		Check: func(m sms.Message) error {
			if _, ok := templateCodes[m.Template]; !ok {
				return errors.New("no Aliyun template for this name")
			}
			return nil
		},
	})
	_, err := sender.Send(context.Background(), sms.Message{To: "+8613800138000", Template: "welcome"})
	fmt.Println(err)
	fmt.Println(sms.CodeOf(err), sms.IsNotAccepted(err))
	// Output:
	// sms: aliyun: invalid argument: refused by Check (not accepted)
	// invalid argument true
}
