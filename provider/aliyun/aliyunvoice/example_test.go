package aliyunvoice_test

import (
	"context"
	"fmt"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/aliyun/aliyunvoice"
	"github.com/smskit/sms/verify"
)

// "Didn't get the SMS? Call me": two verify.Local backends share one
// Store, Secret and clock, one sending codes by SMS (provider/aliyun), the
// other by voice call (this package). A call after the SMS is a resend of
// the same verification: its code replaces the SMS's, and either backend
// checks it.
func Example_secondChannel() {
	srv := aliyuntest.NewServer(aliyuntest.Options{Templates: map[string]aliyuntest.Template{
		"SMS_100000001": {Text: "验证码${code}", Kind: aliyuntest.Verification},
		"TTS_100000001": {Text: "您的验证码是${code}", Kind: aliyuntest.Verification},
	}})
	defer srv.Close()
	smsTemplates := []sms.Template{{Name: "login_code", Kind: sms.KindVerification,
		Codes: map[string]string{aliyun.Name: "SMS_100000001"}}}
	voiceTemplates := []sms.Template{{Name: "login_call", Kind: sms.KindVerification,
		Codes: map[string]string{aliyunvoice.Name: "TTS_100000001"}}}

	bySMS, err := aliyun.New(aliyun.Options{AccessKeyID: aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret, Endpoint: srv.URL,
		SignName: aliyuntest.DefaultSignName, Templates: smsTemplates})
	if err != nil {
		panic(err)
	}
	byCall, err := aliyunvoice.New(aliyunvoice.Options{AccessKeyID: aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret, Endpoint: srv.URL, Templates: voiceTemplates})
	if err != nil {
		panic(err)
	}

	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	store, _ := verify.NewMemoryStore(verify.MemoryStoreOptions{})
	secret := []byte("a shared secret of at least 32 bytes!!")
	viaSMS, err := verify.New(verify.Options{Sender: bySMS, Template: "login_code", Templates: smsTemplates,
		Store: store, Secret: secret, Now: clock})
	if err != nil {
		panic(err)
	}
	viaCall, err := verify.New(verify.Options{Sender: byCall, Template: "login_call", Templates: voiceTemplates,
		Store: store, Secret: secret, Now: clock})
	if err != nil {
		panic(err)
	}

	ctx := context.Background()
	req := verify.Request{To: "+8613800138000", Purpose: "login"}
	_, err = viaSMS.Start(ctx, req)
	fmt.Println("SMS:", err)

	now = now.Add(time.Minute) // the SMS never came; the user asks for a call
	v, err := viaCall.Start(ctx, req)
	fmt.Println("call:", v.Result.Provider, v.Sends, err)

	call, _ := srv.LastCallTo("13800138000")
	out, err := viaSMS.Check(ctx, verify.Check{To: req.To, Purpose: "login", Code: call.Params["code"]})
	fmt.Println(out, err)
	// Output:
	// SMS: <nil>
	// call: aliyun-voice 2 <nil>
	// approved <nil>
}
