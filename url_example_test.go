package sms_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/smskit/sms"
	_ "github.com/smskit/sms/dryrun" // registers dryrun://
)

// A sender chosen by configuration: the URL would come from the
// environment, such as SMSKIT_URL.
func ExampleOpenSender() {
	ctx := context.Background()
	sender, err := sms.OpenSender(ctx, "dryrun://?provider=aliyun")
	if err != nil {
		panic(err)
	}
	res, err := sender.Send(ctx, sms.Message{To: "+8613800138000", Template: "SMS_154950909", Params: map[string]string{"code": "4821"}})
	fmt.Println(res.Provider, res.DryRun, err)

	_, err = sms.OpenSender(ctx, "dryrun://?provder=aliyun")
	fmt.Println(errors.Is(err, sms.ErrInvalidOptions))
	fmt.Println(err)
	// Output:
	// aliyun true <nil>
	// true
	// sms: dryrun: invalid options: the URL has unknown parameter "provder"; known: default_region, keep, provider, templates
}
