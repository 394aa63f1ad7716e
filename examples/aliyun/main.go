// Command aliyun sends a verification code through Alibaba Cloud SMS.
//
// With no credentials in the environment it starts the Aliyun emulator
// (package aliyuntest) in-process and sends there, so it runs anywhere:
//
//	go run ./examples/aliyun
//
// With credentials it sends a real SMS, which costs money:
//
//	ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=... \
//	SMSKIT_ALIYUN_SIGN=签名 SMSKIT_ALIYUN_TEMPLATE=SMS_123456789 \
//	SMSKIT_TO=+8613800138000 go run ./examples/aliyun
//
// The template must be a verification-code template with one variable,
// ${code}.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/verify"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	opts := aliyun.Options{SignName: os.Getenv("SMSKIT_ALIYUN_SIGN")}
	templateCode := os.Getenv("SMSKIT_ALIYUN_TEMPLATE")
	to := os.Getenv("SMSKIT_TO")

	var emulator *aliyuntest.Server
	if os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_ID") == "" {
		emulator = aliyuntest.NewServer(aliyuntest.Options{})
		defer emulator.Close()
		opts.AccessKeyID = aliyuntest.TestAccessKeyID
		opts.AccessKeySecret = aliyuntest.TestAccessKeySecret
		opts.Endpoint = emulator.URL
		opts.SignName = aliyuntest.DefaultSignName
		templateCode = aliyuntest.DefaultTemplateCode
		to = "+8613800138000"
		fmt.Println("no ALIBABA_CLOUD_ACCESS_KEY_ID: sending to the in-process emulator")
	} else if opts.SignName == "" || templateCode == "" || to == "" {
		return fmt.Errorf("set SMSKIT_ALIYUN_SIGN, SMSKIT_ALIYUN_TEMPLATE and SMSKIT_TO to send a real SMS")
	}
	// Text declares the template's one variable: the params are checked
	// against it before any request.
	opts.Templates = []sms.Template{{Name: "login_code", Kind: sms.KindVerification,
		Text: "Your login code is ${code}.", Codes: map[string]string{"aliyun": templateCode}}}

	sender, err := aliyun.New(opts) // credentials from the environment
	if err != nil {
		return err
	}
	defer sender.CloseIdleConnections()

	// Package verify makes the code, keeps only its keyed hash and checks
	// it later (verifier.Check); here it sends through the bare provider.
	verifier, err := verify.New(verify.Options{Sender: sender, Template: "login_code", Templates: opts.Templates})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	v, err := verifier.Start(ctx, verify.Request{To: to, Purpose: "login"})
	res := v.Result
	switch {
	case err == nil:
	case sms.IsRetryable(err):
		return fmt.Errorf("not sent, try again later (after %v): %w", sms.RetryAfterOf(err), err)
	case sms.IsNotAccepted(err):
		return fmt.Errorf("not sent: %w", err)
	default:
		return fmt.Errorf("outcome unknown, the code may still arrive: do not send another yet: %w", err)
	}
	fmt.Printf("sent a code to %s: BizId %s, request %s\n", sms.MaskPhone(to), res.MessageID, res.RequestID)

	if emulator != nil {
		got, _ := emulator.LastMessageTo(to)
		fmt.Printf("the emulator's phone shows: %s\n", got.Content)
	}
	st, err := sender.Status(ctx, sms.StatusQuery{MessageID: res.MessageID, To: to, SentAt: time.Now()})
	if err != nil {
		return err
	}
	fmt.Printf("delivery status: %s\n", st)
	return nil
}
