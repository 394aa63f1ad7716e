package twiliotest_test

import (
	"fmt"

	"github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// Example points the unmodified twilio-go client at the emulator and
// injects a fault into the second request.
func Example() {
	srv := twiliotest.NewServer(twiliotest.Options{})
	defer srv.Close()

	c := &client.Client{
		Credentials: client.NewCredentials(twiliotest.TestAccountSID, twiliotest.TestAuthToken),
		HTTPClient:  srv.Client(),
	}
	c.SetAccountSid(twiliotest.TestAccountSID)
	api := openapi.NewApiServiceWithClient(c)

	params := &openapi.CreateMessageParams{}
	params.SetTo("+14155552671")
	params.SetFrom(twiliotest.TestFrom)
	params.SetBody("Your code is 123456")
	m, err := api.CreateMessage(params)
	if err != nil {
		panic(err)
	}
	fmt.Println(*m.Sid, *m.Status)

	srv.QueueFault(twiliotest.Fault{Status: 429})
	_, err = api.CreateMessage(params)
	fmt.Println(err.(*client.TwilioRestError).Code)

	for _, m := range srv.MessagesTo("+14155552671") {
		fmt.Println(m.From, m.Body)
	}
	// Output:
	// SM00000000000000000000000000000001 queued
	// 20429
	// +15005550006 Your code is 123456
}
