package tencent_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/tencent/tencenttest"
)

// Example sends a verification code through the emulator: the named param
// goes to Tencent's position {1}, and a second code to the same number
// within 30 seconds meets Tencent's per-number limit, which a router must
// not fail over.
func Example() {
	srv := tencenttest.NewServer(tencenttest.Options{
		Templates: map[string]tencenttest.Template{
			"1234567": {Text: "您的验证码是{1}，{2}分钟内有效", Kind: tencenttest.Verification},
		},
	})
	defer srv.Close()

	s, err := tencent.New(tencent.Options{
		SecretID:    tencenttest.TestSecretID,
		SecretKey:   tencenttest.TestSecretKey,
		SmsSdkAppID: tencenttest.TestSmsSdkAppID,
		Endpoint:    srv.URL,
		SignName:    tencenttest.DefaultSignName,
		Templates: []sms.Template{{
			Name:  "login_code",
			Kind:  sms.KindVerification,
			Text:  "您的验证码是${code}，${minutes}分钟内有效",
			Codes: map[string]string{"tencent": "1234567"},
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	msg := sms.Message{To: "+8613800138000", Template: "login_code",
		Params: map[string]string{"code": "482915", "minutes": "5"}}
	res, err := s.Send(context.Background(), msg)
	fmt.Println(res.Provider, err)
	m, _ := srv.LastMessageTo("+8613800138000")
	fmt.Println(m.Params, m.Text)

	_, err = s.Send(context.Background(), msg)
	se, _ := errors.AsType[*sms.Error](err)
	fmt.Println(se.ProviderCode, se.PerRecipient, se.RetryAfter, sms.IsNotAccepted(err))
	// Output:
	// tencent <nil>
	// [482915 5] 您的验证码是482915，5分钟内有效
	// LimitExceeded.PhoneNumberThirtySecondLimit true 30s true
}
