package twilioverify_test

import (
	"context"
	"fmt"
	"log"

	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/smskit/sms/verify"
)

// Example_openVerifier opens a Verifier from a URL (here the emulator's;
// in production "twilioverify://AC...:TOKEN@default?service=VA...", from
// the environment) and guards it.
func Example_openVerifier() {
	srv := twiliotest.NewServer(twiliotest.Options{})
	defer srv.Close()
	ctx := context.Background()
	v, err := verify.OpenVerifier(ctx, "twilioverify://"+twiliotest.TestAccountSID+":"+twiliotest.TestAuthToken+
		"@"+srv.Host+"?protocol=http&service="+twiliotest.TestVerifyServiceSID)
	if err != nil {
		log.Fatal(err)
	}
	g, err := verify.Guard(v, verify.GuardOptions{DefaultRegion: "US"})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := g.Start(ctx, verify.Request{To: "4155552671", Key: "203.0.113.7"}); err != nil {
		log.Fatal(err)
	}
	code, _ := srv.LastVerifyCode("+14155552671")
	out, err := g.Check(ctx, verify.Check{To: "4155552671", Code: code, Key: "203.0.113.7"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out)
	// Output: approved
}
