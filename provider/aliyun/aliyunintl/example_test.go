package aliyunintl_test

import (
	"context"
	"fmt"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyunintl"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/route"
)

// The world with Aliyun alone: provider/aliyun (SendSms) serves mainland
// numbers and the international sender every other. One template serves
// both: SendSms sends its approved code, the international API its Text,
// as an OTP because the template is a verification code.
func Example_route() {
	srv := aliyuntest.NewServer(aliyuntest.Options{Templates: map[string]aliyuntest.Template{
		"SMS_100000001": {Text: "验证码${code}", Kind: aliyuntest.Verification},
	}})
	defer srv.Close()
	templates := []sms.Template{{Name: "login_code", Kind: sms.KindVerification,
		Text: "Your code is ${code}", Codes: map[string]string{aliyun.Name: "SMS_100000001"}}}

	mainland, err := aliyun.New(aliyun.Options{AccessKeyID: aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret, Endpoint: srv.URL,
		SignName: aliyuntest.DefaultSignName, Templates: templates})
	if err != nil {
		panic(err)
	}
	world, err := aliyunintl.New(aliyunintl.Options{AccessKeyID: aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret, Endpoint: srv.URL,
		From: aliyuntest.DefaultSenderID, Templates: templates})
	if err != nil {
		panic(err)
	}
	router, err := route.New(route.Options{Templates: templates, Routes: []route.Route{
		{Name: "mainland", Prefixes: []string{"+86"}, Targets: []route.Target{{Name: aliyun.Name, Sender: mainland}}},
		{Name: "world", Targets: []route.Target{{Name: aliyunintl.Name, Sender: world}}},
	}})
	if err != nil {
		panic(err)
	}
	for _, to := range []string{"+8613800138000", "+447911123456", "+12025550123"} {
		res, err := router.Send(context.Background(), sms.Message{To: to, Template: "login_code",
			Params: map[string]string{"code": "123456"}})
		fmt.Println(sms.MaskPhone(to), res.Provider, err)
	}
	m, _ := srv.LastMessageTo("447911123456")
	fmt.Println(m.Action, m.Type, m.Content)

	// Sent to the international sender directly, a mainland number is
	// refused before any request.
	_, err = world.Send(context.Background(), sms.Message{To: "+8613800138000", Template: "login_code",
		Params: map[string]string{"code": "123456"}})
	fmt.Println(sms.CodeOf(err), sms.IsNotAccepted(err))
	// Output:
	// +86 138****8000 aliyun <nil>
	// +44 791****456 aliyun-intl <nil>
	// +1 202****123 aliyun-intl <nil>
	// SendMessageToGlobe OTP Your code is 123456
	// invalid argument true
}
