// Quickstart sends a verification code through smskit's recommended
// middleware stack to the dry-run sender, and checks it: no credentials, no
// network, nothing reaches a phone. It prints the masked log lines a
// production service would write, the result, the code as QA would read it
// in staging, and the check's outcome. Package verify makes the code, keeps
// only its keyed hash, and limits sends and guesses.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/verify"
)

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, nil))

	// The application declares its templates once, for every provider.
	templates := []sms.Template{{
		Name:  "login_code",
		Kind:  sms.KindVerification,
		Text:  "Your login code is ${code}.",
		Codes: map[string]string{"aliyun": "SMS_123456789"},
	}}

	// The provider's options (production adds its AccessKey); their Rules
	// make the dry run refuse what Aliyun would, with the same errors.
	production := aliyun.Options{SignName: "smskit", Templates: templates}

	// Swap dryrun.New for aliyun.New(production) (or twilio.New(...)) in
	// production; nothing else changes.
	provider, err := dryrun.New(dryrun.Options{Logger: logger, Rules: production.Rules(), Templates: templates})
	if err != nil {
		fmt.Println("configuration:", err)
		os.Exit(1)
	}
	sender := middleware.Stack(middleware.StackOptions{Logger: logger})(provider)

	verifier, err := verify.NewGuarded(verify.Options{Sender: sender, Template: "login_code", Templates: templates}, verify.GuardOptions{})
	if err != nil {
		fmt.Println("configuration:", err)
		os.Exit(1)
	}
	ctx := context.Background()
	v, err := verifier.Start(ctx, verify.Request{
		To:      "138 0013 8000", // national format; normalized to +8613800138000
		Purpose: "login",
	})
	switch {
	case err == nil:
		fmt.Printf("accepted: provider=%s id=%s dry-run=%t\n", v.Result.Provider, v.Result.MessageID, v.Result.DryRun)
	case !sms.IsNotAccepted(err):
		fmt.Println("the code may still arrive; do not send another yet:", err)
		os.Exit(1)
	default:
		fmt.Println("not sent:", err)
		os.Exit(1)
	}

	// In staging, QA reads the code that would have been sent.
	last, _ := provider.Last("+8613800138000")
	sent, _ := provider.Code("138 0013 8000", "code") // any number format
	fmt.Printf("QA view: %v carried code %s\n", last.Message, sent)

	// The user types it in.
	out, err := verifier.Check(ctx, verify.Check{To: "13800138000", Purpose: "login", Code: sent})
	if err != nil {
		fmt.Println("check failed:", err)
		os.Exit(1)
	}
	fmt.Println("check:", out)
}
