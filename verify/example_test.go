package verify_test

import (
	"context"
	"fmt"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/verify"
)

func Example() {
	ctx := context.Background()
	templates := []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}."}}
	sender := fake.MustNew(fake.Options{Templates: templates})
	v, err := verify.NewGuarded(verify.Options{Sender: sender, Template: "login_code", Templates: templates}, verify.GuardOptions{})
	if err != nil {
		panic(err)
	}

	ver, err := v.Start(ctx, verify.Request{To: "138 0013 8000", Purpose: "login", Key: "203.0.113.7"})
	fmt.Println(ver.Sends, err)

	r, _ := sender.Last("+8613800138000")
	code := r.Message.Params["code"] // what the phone shows

	out, err := v.Check(ctx, verify.Check{To: "13800138000", Purpose: "login", Code: code})
	fmt.Println(out, err)
	out, err = v.Check(ctx, verify.Check{To: "13800138000", Purpose: "login", Code: code})
	fmt.Println(out, err)
	// Output:
	// 1 <nil>
	// approved <nil>
	// not found <nil>
}

func Example_mayHaveBeenAccepted() {
	ctx := context.Background()
	templates := []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}."}}
	sender := fake.MustNew(fake.Options{Templates: templates})
	v, err := verify.New(verify.Options{Sender: sender, Template: "login_code", Templates: templates})
	if err != nil {
		panic(err)
	}
	// The provider's answer was lost: the SMS may have been sent.
	sender.FailNext(1, &sms.Error{Code: sms.Unavailable, Message: "timeout"})
	_, err = v.Start(ctx, verify.Request{To: "+8613800138000"})
	if err != nil && !sms.IsNotAccepted(err) {
		fmt.Println("the code may still arrive; do not send another at once")
	}
	// Starting again at once is refused: the code counts.
	_, err = v.Start(ctx, verify.Request{To: "+8613800138000"})
	fmt.Println(sms.CodeOf(err), sms.RoundDuration(sms.RetryAfterOf(err)))
	// Output:
	// the code may still arrive; do not send another at once
	// rate limited 1m0s
}

func ExampleOutcome_String() {
	fmt.Println(verify.Outcome{Status: verify.WrongCode, AttemptsLeft: 4})
	fmt.Println(verify.Outcome{Status: verify.TooManyAttempts})
	// Output:
	// wrong code (4 attempts left)
	// too many attempts
}

func ExampleGuard() {
	ctx := context.Background()
	templates := []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}."}}
	local, err := verify.New(verify.Options{Sender: fake.MustNew(fake.Options{}), Template: "login_code", Templates: templates})
	if err != nil {
		panic(err)
	}
	g, err := verify.Guard(local, verify.GuardOptions{Allow: []string{"CN", "HK"}})
	if err != nil {
		panic(err)
	}
	_, err = g.Start(ctx, verify.Request{To: "+14155552671"})
	fmt.Println(err)
	// Output:
	// sms: verify: invalid argument: codes may not go to region "US" (not accepted)
}
