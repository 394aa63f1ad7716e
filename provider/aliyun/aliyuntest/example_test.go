package aliyuntest_test

import (
	"fmt"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

// The official SDK sends a verification code to the emulator, which accepts
// it and lets the test read the code back.
func ExampleNewServer() {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	defer srv.Close()

	client, err := dysmsapi.NewClientWithAccessKey("cn-hangzhou",
		aliyuntest.TestAccessKeyID, aliyuntest.TestAccessKeySecret)
	if err != nil {
		panic(err)
	}
	req := dysmsapi.CreateSendSmsRequest()
	req.Domain = srv.Host // "127.0.0.1:PORT"
	req.Scheme = "http"
	req.PhoneNumbers = "13800138000"
	req.SignName = aliyuntest.DefaultSignName
	req.TemplateCode = aliyuntest.DefaultTemplateCode
	req.TemplateParam = `{"code":"4821"}`
	resp, err := client.SendSms(req)
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.Code, resp.Message)

	msg, _ := srv.LastMessageTo("+8613800138000")
	fmt.Println(msg.Params["code"])
	fmt.Println(msg.Content)
	fmt.Println(msg.BizID == resp.BizId, msg.Status)

	// A second code within a minute trips Aliyun's per-number limit.
	req = dysmsapi.CreateSendSmsRequest()
	req.Domain, req.Scheme = srv.Host, "http"
	req.PhoneNumbers = "13800138000"
	req.SignName = aliyuntest.DefaultSignName
	req.TemplateCode = aliyuntest.DefaultTemplateCode
	req.TemplateParam = `{"code":"9917"}`
	resp, err = client.SendSms(req)
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.Code, resp.Message)
	// Output:
	// OK OK
	// 4821
	// 【阿里云短信测试】您正在使用阿里云短信测试服务，体验验证码是：4821，如非本人操作，请忽略本短信！
	// true Delivered
	// isv.BUSINESS_LIMIT_CONTROL 触发分钟级流控Permits:1
}

// Faults are queued for the next requests; here the gateway throttles once.
func ExampleEmulator_QueueFault() {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	defer srv.Close()
	srv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultThrottling, Action: "SendSms"})

	client, _ := dysmsapi.NewClientWithAccessKey("cn-hangzhou",
		aliyuntest.TestAccessKeyID, aliyuntest.TestAccessKeySecret)
	req := dysmsapi.CreateSendSmsRequest()
	req.Domain, req.Scheme = srv.Host, "http"
	req.PhoneNumbers = "13800138000"
	req.SignName = aliyuntest.DefaultSignName
	req.TemplateCode = aliyuntest.DefaultTemplateCode
	req.TemplateParam = `{"code":"4821"}`
	_, err := client.SendSms(req)
	fmt.Println(err != nil, len(srv.Messages()), srv.Requests("SendSms"))
	// Output:
	// true 0 1
}

// A fault function decides for every request: here an outage of SendSms
// until ClearFaults, while QuerySendDetails keeps working.
func ExampleEmulator_SetFaults() {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	defer srv.Close()
	srv.SetFaults(func(r aliyuntest.Request) aliyuntest.Fault {
		if r.Action == "SendSms" {
			return aliyuntest.Fault{Kind: aliyuntest.FaultSystemError}
		}
		return aliyuntest.Fault{}
	})

	client, _ := dysmsapi.NewClientWithAccessKey("cn-hangzhou",
		aliyuntest.TestAccessKeyID, aliyuntest.TestAccessKeySecret)
	send := func() error {
		req := dysmsapi.CreateSendSmsRequest()
		req.Domain, req.Scheme = srv.Host, "http"
		req.PhoneNumbers = "13800138000"
		req.SignName = aliyuntest.DefaultSignName
		req.TemplateCode = aliyuntest.DefaultTemplateCode
		req.TemplateParam = `{"code":"4821"}`
		_, err := client.SendSms(req)
		return err
	}
	fmt.Println(send() != nil, send() != nil)
	srv.ClearFaults()
	fmt.Println(send() == nil, len(srv.Messages()))
	// Output:
	// true true
	// true 1
}
