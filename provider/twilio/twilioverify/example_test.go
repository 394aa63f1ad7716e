package twilioverify_test

import (
	"context"
	"fmt"
	"log"

	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/smskit/sms/provider/twilio/twilioverify"
	"github.com/smskit/sms/verify"
)

// Example starts a verification against the emulator, reads the code the
// user would receive, and checks a wrong code, the right one, and the
// right one again.
func Example() {
	srv := twiliotest.NewServer(twiliotest.Options{})
	defer srv.Close()
	v, err := twilioverify.New(twilioverify.Options{
		AccountSID: twiliotest.TestAccountSID,
		AuthToken:  twiliotest.TestAuthToken,
		ServiceSID: twiliotest.TestVerifyServiceSID,
		Endpoint:   srv.URL,
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	ver, err := v.Start(ctx, verify.Request{To: "+14155552671", Key: "203.0.113.7"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("sends:", ver.Sends)
	code, _ := srv.LastVerifyCode("+14155552671") // what the user reads on the phone

	for _, typed := range []string{"abcd", code, code} {
		out, err := v.Check(ctx, verify.Check{To: "+14155552671", Code: typed})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(out)
	}
	// Output:
	// sends: 1
	// wrong code
	// approved
	// not found
}
