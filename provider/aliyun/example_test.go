package aliyun_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

// Send a verification code through the emulator; in production, leave
// Endpoint empty and give real credentials.
func Example() {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	defer srv.Close()

	sender, err := aliyun.New(aliyun.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		Endpoint:        srv.URL,
		SignName:        aliyuntest.DefaultSignName,
		Templates: []sms.Template{{
			Name:  "login_code",
			Kind:  sms.KindVerification,
			Codes: map[string]string{"aliyun": aliyuntest.DefaultTemplateCode},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	res, err := sender.Send(context.Background(), sms.Message{
		To:       "+8613800138000",
		Template: "login_code",
		Params:   map[string]string{"code": "123456"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Provider, res.MessageID != "")

	got, _ := srv.LastMessageTo("13800138000")
	fmt.Println(got.Content)
	// Output:
	// aliyun true
	// 【阿里云短信测试】您正在使用阿里云短信测试服务，体验验证码是：123456，如非本人操作，请忽略本短信！
}

// A second code to the same number within a minute meets Aliyun's
// per-number limit: rate limited, not accepted, retry after the window.
func ExampleSender_Send_rateLimited() {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	defer srv.Close()
	sender, _ := aliyun.New(aliyun.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		Endpoint:        srv.URL,
		SignName:        aliyuntest.DefaultSignName,
	})
	msg := sms.Message{To: "+8613800138000", Template: aliyuntest.DefaultTemplateCode,
		Params: map[string]string{"code": "123456"}}

	_, err := sender.Send(context.Background(), msg)
	fmt.Println(err)
	_, err = sender.Send(context.Background(), msg)
	fmt.Println(sms.CodeOf(err), sms.IsNotAccepted(err), sms.IsRetryable(err), sms.RetryAfterOf(err))
	// Output:
	// <nil>
	// rate limited true true 1m0s
}

// Ask what became of a sent message.
func ExampleSender_Status() {
	srv := aliyuntest.NewServer(aliyuntest.Options{}) // delivers at once
	defer srv.Close()
	var sender sms.Sender
	sender, _ = aliyun.New(aliyun.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		Endpoint:        srv.URL,
		SignName:        aliyuntest.DefaultSignName,
	})
	msg := sms.Message{To: "+8613800138000", Template: aliyuntest.DefaultTemplateCode,
		Params: map[string]string{"code": "123456"}}
	res, err := sender.Send(context.Background(), msg)
	if err != nil {
		log.Fatal(err)
	}

	if checker, ok := sender.(sms.StatusChecker); ok {
		st, err := checker.Status(context.Background(), sms.StatusQuery{MessageID: res.MessageID, To: msg.To})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(st)
	}
	// Output:
	// delivered (DELIVERED)
}

// A US number is refused before any request: SendSms would take it as 1 and
// ten digits, which Aliyun reads as a mainland China mobile number.
func ExampleSender_Send_usNumber() {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	defer srv.Close()
	sender, _ := aliyun.New(aliyun.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		Endpoint:        srv.URL,
		SignName:        aliyuntest.DefaultSignName,
		Templates: []sms.Template{{
			Name:  "login_code_intl",
			Kind:  sms.KindInternational,
			Codes: map[string]string{"aliyun": "SMS_900000009"},
		}},
	})
	_, err := sender.Send(context.Background(), sms.Message{
		To:       "+1 312 555 0100",
		Template: "login_code_intl",
		Params:   map[string]string{"code": "123456"},
	})
	fmt.Println(errors.Is(err, aliyun.ErrAmbiguousNumber), sms.CodeOf(err), sms.IsNotAccepted(err), srv.Requests("SendSms"))
	// Output:
	// true invalid argument true 0
}

// Once templates are declared, a typo in a template name fails before any
// request, naming the template.
func ExampleSender_Send_typo() {
	sender, _ := aliyun.New(aliyun.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		SignName:        aliyuntest.DefaultSignName,
		Templates: []sms.Template{{
			Name:  "login_code",
			Kind:  sms.KindVerification,
			Codes: map[string]string{"aliyun": aliyuntest.DefaultTemplateCode},
		}},
	})
	_, err := sender.Send(context.Background(), sms.Message{
		To:       "+8613800138000",
		Template: "login_cod",
		Params:   map[string]string{"code": "123456"},
	})
	fmt.Println(err)
	// Output:
	// sms: aliyun: invalid argument: template "login_cod" is not declared: check the name, or declare it (not accepted)
}
