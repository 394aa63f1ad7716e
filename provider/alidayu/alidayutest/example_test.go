package alidayutest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/alidayu"
	"github.com/smskit/sms/provider/alidayu/alidayutest"
)

// The alidayu provider sends a verification code to the emulator of the
// TOP gateway, which records it; the test reads what the gateway would have
// received. The number is printed masked, as a log line would show it.
func ExampleNewServer() {
	srv := alidayutest.NewServer(alidayutest.Options{
		Templates: map[string]alidayutest.Template{
			"SMS_1234567": {Text: "您的验证码是${code}，${minutes}分钟内有效", Kind: alidayutest.Verification},
		},
	})
	defer srv.Close()

	sender, err := alidayu.New(alidayu.Options{
		AppKey:    alidayutest.TestAppKey,
		AppSecret: alidayutest.TestAppSecret,
		Endpoint:  srv.URL,
		SignName:  alidayutest.DefaultSignName,
		Templates: []sms.Template{{
			Name:  "login_code",
			Kind:  sms.KindVerification,
			Text:  "您的验证码是${code}，${minutes}分钟内有效",
			Codes: map[string]string{alidayu.Name: "SMS_1234567"},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	_, err = sender.Send(context.Background(), sms.Message{
		To:       "+8613800138000",
		Template: "login_code",
		Params:   map[string]string{"code": "482915", "minutes": "5"},
	})
	fmt.Println("send:", err)

	m := srv.Messages()[0]
	fmt.Println(sms.MaskPhone(m.E164), m.TemplateCode, m.SignName, m.SignMethod)
	fmt.Println(m.Params) // sms_param, a JSON object
	fmt.Println(m.Text)
	fmt.Println(srv.Accepted(), srv.Requests())
	// Output:
	// send: <nil>
	// +86 138****8000 SMS_1234567 阿里大于 hmac
	// map[code:482915 minutes:5]
	// 您的验证码是482915，5分钟内有效
	// 1 1
}
