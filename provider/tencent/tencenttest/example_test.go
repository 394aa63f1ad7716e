package tencenttest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/tencent/tencenttest"
)

// The tencent provider sends a verification code to the emulator, which
// records it; the test reads what Tencent would have received. The number
// is printed masked, as a log line would show it.
func ExampleNewServer() {
	srv := tencenttest.NewServer(tencenttest.Options{
		Templates: map[string]tencenttest.Template{
			"1234567": {Text: "您的验证码是{1}，{2}分钟内有效", Kind: tencenttest.Verification},
		},
	})
	defer srv.Close()

	sender, err := tencent.New(tencent.Options{
		SecretID:    tencenttest.TestSecretID,
		SecretKey:   tencenttest.TestSecretKey,
		SmsSdkAppID: tencenttest.TestSmsSdkAppID,
		Endpoint:    srv.URL,
		SignName:    tencenttest.DefaultSignName,
		Templates: []sms.Template{{
			Name:  "login_code",
			Kind:  sms.KindVerification,
			Text:  "您的验证码是${code}，${minutes}分钟内有效",
			Codes: map[string]string{tencent.Name: "1234567"},
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

	m, ok := srv.LastMessageTo("+8613800138000")
	fmt.Println(ok, sms.MaskPhone(m.E164), m.TemplateID, m.SignName)
	fmt.Println(m.Params) // Tencent's params are positional: {1}, {2}
	fmt.Println(m.Text)
	fmt.Println(srv.Accepted(), srv.Requests("SendSms"))
	// Output:
	// send: <nil>
	// true +86 138****8000 1234567 腾讯云
	// [482915 5]
	// 您的验证码是482915，5分钟内有效
	// 1 1
}
