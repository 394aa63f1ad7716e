package aliyunverify_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dypnsapi"
	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/aliyun/aliyunverify"
	"github.com/smskit/sms/verify"
	"github.com/stretchr/testify/require"
)

// BenchmarkStartCheck measures one start and one check of the right code
// against the emulator: through the bare SDK (the Dypnsapi client's
// SendSmsVerifyCode and CheckSmsVerifyCode with the same parameters) and
// through the Verifier. Their ratio is the Verifier's overhead (goal:
// at most 1.10). Each iteration uses a purpose of its own, so that the
// emulator's resend interval never refuses a send.
func BenchmarkStartCheck(b *testing.B) {
	clock := testclock.New(time.Now())
	srv := aliyuntest.NewServer(aliyuntest.Options{Now: clock.Now})
	b.Cleanup(srv.Close)
	i := 0 // numbers the purposes, never reused with srv

	b.Run("sdk", func(b *testing.B) {
		client, err := dypnsapi.NewClientWithAccessKey("cn-hangzhou", aliyuntest.TestAccessKeyID,
			aliyuntest.TestAccessKeySecret)
		require.NoError(b, err)
		b.Cleanup(client.Shutdown)
		b.ReportAllocs()
		for b.Loop() {
			i++
			purpose := "sdk" + strconv.Itoa(i)
			req := dypnsapi.CreateSendSmsVerifyCodeRequest()
			req.Domain, req.Scheme = srv.Host, "http"
			req.PhoneNumber, req.CountryCode = national, "86"
			req.SignName, req.TemplateCode = aliyuntest.DefaultSignName, aliyuntest.DefaultTemplateCode
			req.TemplateParam = `{"code":"##code##"}`
			req.OutId = purpose
			req.CodeLength, req.CodeType = requests.NewInteger(6), requests.NewInteger(1)
			req.ValidTime, req.Interval = requests.NewInteger(300), requests.NewInteger(60)
			req.DuplicatePolicy = requests.NewInteger(1)
			resp, err := client.SendSmsVerifyCode(req)
			if err != nil || resp.Code != "OK" {
				b.Fatal(err, resp.Code)
			}
			code, _ := srv.LastVerifyCode(national)
			check := dypnsapi.CreateCheckSmsVerifyCodeRequest()
			check.Domain, check.Scheme = srv.Host, "http"
			check.PhoneNumber, check.CountryCode = national, "86"
			check.VerifyCode, check.OutId = code, purpose
			cresp, err := client.CheckSmsVerifyCode(check)
			if err != nil || cresp.Model.VerifyResult != "PASS" {
				b.Fatal(err, cresp.Code)
			}
		}
	})

	b.Run("verifier", func(b *testing.B) {
		o := testOptions(srv, clock)
		v, err := aliyunverify.New(o)
		require.NoError(b, err)
		b.Cleanup(v.CloseIdleConnections)
		b.ReportAllocs()
		for b.Loop() {
			i++
			purpose := "ver" + strconv.Itoa(i)
			if _, err := v.Start(ctx, verify.Request{To: national, Purpose: purpose}); err != nil {
				b.Fatal(err)
			}
			code, _ := srv.LastVerifyCode(national)
			out, err := v.Check(ctx, verify.Check{To: national, Purpose: purpose, Code: code})
			if err != nil || !out.Approved() {
				b.Fatal(err, out)
			}
		}
	})
}
