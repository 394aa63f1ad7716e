// Command failover-china declares a verification template once and sends
// mainland numbers through Aliyun first and Tencent Cloud second, showing
// when the router fails over to Tencent and when it must not.
//
//	go run ./examples/failover-china
//
// Both providers are in-process emulators (aliyuntest, tencenttest): nothing
// leaves the machine and no credentials are needed.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/tencent/tencenttest"
	"github.com/smskit/sms/route"
)

// loginCode is declared once: Aliyun's template code and sign, Tencent's
// template id, and the Text whose one variable is Tencent's {1}.
var loginCode = sms.Template{
	Name:  "login_code",
	Kind:  sms.KindVerification,
	Text:  "您的验证码是${code}",
	Codes: map[string]string{"aliyun": "SMS_100000001", "tencent": "1234567"},
	Signs: map[string]string{"aliyun": aliyuntest.DefaultSignName},
}

// code is the demo's verification code; a real application draws one at random.
const code = "482915"

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	templates := []sms.Template{loginCode}
	aliyunSrv := aliyuntest.NewServer(aliyuntest.Options{Templates: map[string]aliyuntest.Template{
		"SMS_100000001": {Text: "您的验证码是${code}", Kind: aliyuntest.Verification}}})
	defer aliyunSrv.Close()
	tencentSrv := tencenttest.NewServer(tencenttest.Options{Templates: map[string]tencenttest.Template{
		"1234567": {Text: "您的验证码是{1}", Kind: tencenttest.Verification}}})
	defer tencentSrv.Close()

	ali, err := aliyun.New(aliyun.Options{AccessKeyID: aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret, Endpoint: aliyunSrv.URL, Templates: templates})
	if err != nil {
		return err
	}
	ten, err := tencent.New(tencent.Options{SecretID: tencenttest.TestSecretID, SecretKey: tencenttest.TestSecretKey,
		SmsSdkAppID: tencenttest.TestSmsSdkAppID, Endpoint: tencentSrv.URL, SignName: tencenttest.DefaultSignName,
		Templates: templates})
	if err != nil {
		return err
	}
	router, err := route.New(route.Options{
		Routes: []route.Route{{Name: "mainland", Prefixes: []string{"+86"}, Targets: []route.Target{
			{Name: "aliyun", Sender: ali}, {Name: "tencent", Sender: ten}}}},
		Templates: templates, // both targets must serve the template, or New fails
	})
	if err != nil {
		return err
	}

	send := func(to string) {
		res, err := router.Send(context.Background(), sms.Message{To: to, Template: "login_code",
			Params: map[string]string{"code": code}})
		if err != nil {
			fmt.Fprintf(w, "   %s → not sent, may have been accepted: %t\n", sms.MaskPhone(to), !sms.IsNotAccepted(err))
			return
		}
		fmt.Fprintf(w, "   %s → sent by %s\n", sms.MaskPhone(to), res.Provider)
	}
	accepted := func(to string) string {
		a, t := 0, 0
		for _, m := range aliyunSrv.Messages() {
			if m.E164 == to {
				a++
			}
		}
		for _, m := range tencentSrv.Messages() {
			if m.E164 == to {
				t++
			}
		}
		return fmt.Sprintf("   accepted: aliyun %d, tencent %d\n", a, t)
	}

	fmt.Fprintln(w, "1. both up: Aliyun sends")
	send("+8613800138000")

	fmt.Fprintln(w, "2. Aliyun's balance is empty (isv.AMOUNT_NOT_ENOUGH, not accepted) → fail over to Tencent")
	aliyunSrv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultError, Action: "SendSms", Code: "isv.AMOUNT_NOT_ENOUGH"})
	send("+8613900139000")

	fmt.Fprintln(w, "3. Aliyun's per-number limit (isv.BUSINESS_LIMIT_CONTROL) → no failover: Tencent would get around it")
	aliyunSrv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultError, Action: "SendSms",
		Code: "isv.BUSINESS_LIMIT_CONTROL", Message: "触发小时级流控Permits:5"})
	send("+8613700137000")
	fmt.Fprint(w, accepted("+8613700137000"))

	fmt.Fprintln(w, "4. Aliyun accepts, then the connection drops: outcome unknown → no failover")
	aliyunSrv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept, Action: "SendSms"})
	send("+8613600136000")
	fmt.Fprint(w, accepted("+8613600136000"))
	return nil
}
