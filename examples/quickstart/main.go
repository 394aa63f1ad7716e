// Quickstart sends a verification code through smskit's recommended
// middleware stack to the dry-run sender: no credentials, no network, nothing
// reaches a phone. It prints the masked log lines a production service would
// write, the result, and the code as QA would read it in staging.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"math/big"
	"os"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/provider/aliyun"
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

	code := newCode()
	res, err := sender.Send(context.Background(), sms.Message{
		To:       "138 0013 8000", // national format; normalized to +8613800138000
		Template: "login_code",    // a declared template: a typo fails before any send
		Params:   map[string]string{"code": code},
	})
	switch {
	case err == nil:
		fmt.Printf("accepted: provider=%s id=%s dry-run=%t\n", res.Provider, res.MessageID, res.DryRun)
	case sms.IsRetryable(err):
		fmt.Println("not sent, safe to retry later:", err)
		os.Exit(1)
	default:
		fmt.Println("failed:", err)
		os.Exit(1)
	}

	// In staging, QA reads the code that would have been sent.
	last, _ := provider.Last("+8613800138000")
	sent, _ := provider.Code("138 0013 8000", "code") // any number format
	fmt.Printf("QA view: %v carried code %s\n", last.Message, sent)
}

// newCode returns a random six-digit verification code.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return fmt.Sprintf("%06d", n.Int64())
}
