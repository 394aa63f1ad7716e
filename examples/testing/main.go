// Command testing shows how an application unit-tests its SMS code with
// package fake. LoginService (below) sends login verification codes;
// main_test.go tests it against a fake.Sender, without a network or a
// provider account:
//
//	go test ./examples/testing
//
// main runs the same service against a dryrun.Sender, which delivers
// nothing and lets us read back the code, as QA does on staging:
//
//	go run ./examples/testing
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/verify"
)

// Templates are the templates the application declares, to its provider
// and to the fake and dry-run senders that stand in for it, so that a typo
// in a template name or a missing param fails in tests as in production.
var Templates = []sms.Template{{
	Name:  "login_code",
	Kind:  sms.KindVerification,
	Text:  "Your login code is ${code}. It expires in 5 minutes.",
	Codes: map[string]string{aliyun.Name: "SMS_123456789"},
}}

// Production is the provider the application sends through in production
// (with its AccessKey, which tests never need). Its Rules make the fake in
// the tests and the dry run in staging refuse what Aliyun would.
var Production = aliyun.Options{SignName: "smskit", Templates: Templates}

// DefaultCodeTTL is how long a code stays valid when LoginService.TTL is zero.
const DefaultCodeTTL = 5 * time.Minute

// LoginService sends one-time login codes by SMS and verifies them, with
// package verify: random codes, only their keyed hashes kept, single use,
// expiry, an attempt cap and a resend interval.
type LoginService struct {
	// Sender sends the codes.
	Sender sms.Sender
	// NewCode makes a code; nil means six random digits.
	NewCode func() string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// TTL is how long a code stays valid; zero means DefaultCodeTTL.
	TTL time.Duration

	once     sync.Once
	verifier *verify.Local
	err      error
}

// codes returns the service's verifier, made on first use.
func (s *LoginService) codes() (*verify.Local, error) {
	s.once.Do(func() {
		ttl := s.TTL
		if ttl == 0 {
			ttl = DefaultCodeTTL
		}
		s.verifier, s.err = verify.New(verify.Options{
			Sender: s.Sender, Template: "login_code", Templates: Templates, ValidFor: ttl, Now: s.Now,
		})
	})
	return s.verifier, s.err
}

// SendCode sends a new login code to number, replacing any earlier one.
//
// When the provider may have accepted the message even though Send failed,
// the code is kept: the user may still receive it, and sending another one
// would confuse them. SendCode still returns the error.
func (s *LoginService) SendCode(ctx context.Context, number string) error {
	v, err := s.codes()
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	req := verify.Request{To: number, Purpose: "login"}
	if s.NewCode != nil {
		req.Code = s.NewCode()
	}
	switch _, err := v.Start(ctx, req); {
	case err == nil:
		return nil
	case sms.IsNotAccepted(err):
		return fmt.Errorf("login: code not sent: %w", err)
	default:
		return fmt.Errorf("login: code may have been sent: %w", err)
	}
}

// Verify reports whether code is the valid code last sent to number. A code
// works once.
func (s *LoginService) Verify(number, code string) bool {
	v, err := s.codes()
	if err != nil {
		return false
	}
	out, err := v.Check(context.Background(), verify.Check{To: number, Purpose: "login", Code: code})
	return err == nil && out.Approved()
}

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run sends a code through a dryrun.Sender logging to w, reads it back and
// verifies it, printing what happens to w.
func run(ctx context.Context, w io.Writer) error {
	staging, err := dryrun.New(dryrun.Options{
		Logger:    slog.New(slog.NewTextHandler(w, nil)),
		Rules:     Production.Rules(),
		Templates: Templates,
	})
	if err != nil {
		return err
	}
	svc := &LoginService{Sender: staging}

	const number = "138 0013 8000"
	if err := svc.SendCode(ctx, number); err != nil {
		return err
	}
	code, ok := staging.Code(number, "code")
	if !ok {
		return errors.New("no code was sent")
	}
	fmt.Fprintln(w, "the code QA reads on staging is", len(code), "digits long")
	fmt.Fprintln(w, "first use verifies:", svc.Verify(number, code))
	fmt.Fprintln(w, "second use verifies:", svc.Verify(number, code))
	return nil
}
