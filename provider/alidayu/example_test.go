package alidayu_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/alidayu"
	"github.com/smskit/sms/provider/alidayu/alidayutest"
)

// Example sends a verification code through the emulator of the TOP
// gateway: the number goes as its 11 national digits, the params as a JSON
// object, and a second code to the same number within a minute meets the
// per-number limit, which a router must not fail over.
func Example() {
	srv := alidayutest.NewServer(alidayutest.Options{
		Templates: map[string]alidayutest.Template{
			"SMS_1234567": {Text: "您的验证码是${code}，${minutes}分钟内有效", Kind: alidayutest.Verification},
		},
	})
	defer srv.Close()

	s, err := alidayu.New(alidayu.Options{
		AppKey:    alidayutest.TestAppKey,
		AppSecret: alidayutest.TestAppSecret,
		Endpoint:  srv.URL,
		SignName:  alidayutest.DefaultSignName,
		Templates: []sms.Template{{
			Name:  "login_code",
			Kind:  sms.KindVerification,
			Text:  "您的验证码是${code}，${minutes}分钟内有效",
			Codes: map[string]string{"alidayu": "SMS_1234567"},
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
	m := srv.Messages()[0]
	fmt.Println(m.National, m.SignMethod, m.Text)

	_, err = s.Send(context.Background(), msg)
	se, _ := errors.AsType[*sms.Error](err)
	fmt.Println(se.Code, se.ProviderCode, se.PerRecipient, se.RetryAfter, sms.IsNotAccepted(err))
	// Output:
	// alidayu <nil>
	// 13800138000 hmac 您的验证码是482915，5分钟内有效
	// rate limited isv.BUSINESS_LIMIT_CONTROL true 1m0s true
}
