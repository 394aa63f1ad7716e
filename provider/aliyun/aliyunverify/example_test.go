package aliyunverify_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/aliyun/aliyunverify"
	"github.com/smskit/sms/verify"
)

// Start a verification against the emulator, read the code it "sent",
// and check it.
func Example() {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	defer srv.Close()

	v, err := aliyunverify.New(aliyunverify.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		Endpoint:        srv.URL, // omit for Aliyun's https://dypnsapi.aliyuncs.com
		SignName:        aliyuntest.DefaultSignName,
		TemplateCode:    aliyuntest.DefaultTemplateCode,
		TemplateParam:   map[string]string{"code": aliyunverify.CodePlaceholder},
	})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	if _, err := v.Start(ctx, verify.Request{To: "+8613800138000", Purpose: "login"}); err != nil {
		panic(err)
	}
	// A resend within Interval is refused by Aliyun.
	_, err = v.Start(ctx, verify.Request{To: "+8613800138000", Purpose: "login"})
	var se *sms.Error
	if errors.As(err, &se) {
		fmt.Println(se.Code, se.RetryAfter)
	}

	code, _ := srv.LastVerifyCode("13800138000") // what the phone received
	typo := string('0'+(code[0]-'0'+1)%10) + code[1:]
	out, _ := v.Check(ctx, verify.Check{To: "+8613800138000", Purpose: "login", Code: typo})
	fmt.Println(out)
	out, _ = v.Check(ctx, verify.Check{To: "+8613800138000", Purpose: "login", Code: code})
	fmt.Println(out)
	// Output:
	// rate limited 1m0s
	// wrong code
	// approved
}
