package inbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/inbox"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

// An inbox runs in-process on a free loopback port; the aliyun provider
// sends to it as to Aliyun, and the test reads the code back, through the
// JSON API as automation in any language would, and through the Server's
// methods.
func Example() {
	srv, err := inbox.New(inbox.Config{Addr: "127.0.0.1:0"})
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		log.Fatal(err)
	}
	go func() { _ = srv.Serve() }()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()

	sender, err := aliyun.New(aliyun.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		Endpoint:        srv.URL(),
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
	_, err = sender.Send(context.Background(), sms.Message{
		To:       "+8613800138000",
		Template: "login_code",
		Params:   map[string]string{"code": "482915"},
	})
	if err != nil {
		log.Fatal(err)
	}

	// The JSON API: the latest code sent to a number.
	resp, err := http.Get(srv.URL() + "/api/v1/numbers/" + url.PathEscape("+8613800138000") + "/code")
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var code inbox.Code
	if err := json.NewDecoder(resp.Body).Decode(&code); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, code.Code)

	// The Server's methods: the newest message to the number, in any form.
	msgs, total := srv.Messages(inbox.Filter{Number: "13800138000", Limit: 1})
	m := msgs[0]
	fmt.Println(total, m.Provider, m.Number, m.Template, m.Kind, m.Code, m.Status)
	fmt.Println(m.Text)
	// Output:
	// 200 482915
	// 1 aliyun +8613800138000 SMS_154950909 Verification 482915 waiting
	// 【阿里云短信测试】您正在使用阿里云短信测试服务，体验验证码是：482915，如非本人操作，请忽略本短信！
}
