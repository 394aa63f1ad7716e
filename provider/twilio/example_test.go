package twilio_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

func Example() {
	srv := twiliotest.NewServer(twiliotest.Options{})
	defer srv.Close()

	sender, err := twilio.New(twilio.Options{
		AccountSID: twiliotest.TestAccountSID,
		AuthToken:  twiliotest.TestAuthToken,
		From:       twiliotest.TestFrom,
		Templates:  []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: "Your login code is ${code}."}},
		Endpoint:   srv.URL, // omit to talk to api.twilio.com
	})
	if err != nil {
		panic(err)
	}
	res, err := sender.Send(context.Background(), sms.Message{
		To:       "+14155552671",
		Template: "login_code",
		Params:   map[string]string{"code": "123456"},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Provider, res.MessageID)
	fmt.Println(srv.Messages()[0].Body)

	_, err = sender.Send(context.Background(), sms.Message{To: "+15005550004", Body: "hi"})
	fmt.Println(err)
	fmt.Println(sms.CodeOf(err), sms.IsNotAccepted(err), sms.IsRetryable(err))
	// Output:
	// twilio SM00000000000000000000000000000001
	// Your login code is 123456.
	// sms: twilio: invalid argument: the recipient has unsubscribed (replied STOP) (21610, request RQ00000000000000000000000000000002, not accepted)
	// invalid argument true false
}

func ExampleSender_Status() {
	start := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	var elapsed atomic.Int64 // on the emulator's clock, since start
	srv := twiliotest.NewServer(twiliotest.Options{
		Now: func() time.Time { return start.Add(time.Duration(elapsed.Load())) },
	})
	defer srv.Close()
	sender, err := twilio.New(twilio.Options{
		AccountSID: twiliotest.TestAccountSID,
		AuthToken:  twiliotest.TestAuthToken,
		From:       twiliotest.TestFrom,
		Endpoint:   srv.URL,
	})
	if err != nil {
		panic(err)
	}
	res, err := sender.Send(context.Background(), sms.Message{To: "+14155552671", Body: "hello"})
	if err != nil {
		panic(err)
	}
	q := sms.StatusQuery{MessageID: res.MessageID}
	for _, d := range []time.Duration{0, 2 * time.Second, 10 * time.Second} {
		elapsed.Store(int64(d))
		st, err := sender.Status(context.Background(), q)
		if err != nil {
			panic(err)
		}
		fmt.Println(d, st)
	}
	// Output:
	// 0s pending (queued)
	// 2s pending (sent)
	// 10s delivered (delivered)
}
