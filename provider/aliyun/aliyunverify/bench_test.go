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

// benchEnv is an emulator with a bare Dypnsapi SDK client and a Verifier
// on it. Each start uses a purpose of its own, so that the emulator's
// resend interval never refuses a send.
type benchEnv struct {
	srv    *aliyuntest.Server
	client *dypnsapi.Client
	v      *aliyunverify.Verifier
	seq    int
}

func newBenchEnv(b *testing.B) *benchEnv {
	clock := testclock.New(time.Now())
	srv := aliyuntest.NewServer(aliyuntest.Options{Now: clock.Now})
	b.Cleanup(srv.Close)
	client, err := dypnsapi.NewClientWithAccessKey("cn-hangzhou", aliyuntest.TestAccessKeyID,
		aliyuntest.TestAccessKeySecret)
	require.NoError(b, err)
	b.Cleanup(client.Shutdown)
	v, err := aliyunverify.New(testOptions(srv, clock))
	require.NoError(b, err)
	b.Cleanup(v.CloseIdleConnections)
	return &benchEnv{srv: srv, client: client, v: v}
}

// sdk starts and checks a verification with the bare SDK, with the
// parameters the Verifier sends.
func (e *benchEnv) sdk(b *testing.B) {
	e.seq++
	purpose := "p" + strconv.Itoa(e.seq)
	req := dypnsapi.CreateSendSmsVerifyCodeRequest()
	req.Domain, req.Scheme = e.srv.Host, "http"
	req.PhoneNumber, req.CountryCode = national, "86"
	req.SignName, req.TemplateCode = aliyuntest.DefaultSignName, aliyuntest.DefaultTemplateCode
	req.TemplateParam = `{"code":"##code##"}`
	req.OutId = purpose
	req.CodeLength, req.CodeType = requests.NewInteger(6), requests.NewInteger(1)
	req.ValidTime, req.Interval = requests.NewInteger(300), requests.NewInteger(60)
	req.DuplicatePolicy = requests.NewInteger(1)
	resp, err := e.client.SendSmsVerifyCode(req)
	if err != nil || resp.Code != "OK" {
		b.Fatal(err, resp.Code)
	}
	code, _ := e.srv.LastVerifyCode(national)
	check := dypnsapi.CreateCheckSmsVerifyCodeRequest()
	check.Domain, check.Scheme = e.srv.Host, "http"
	check.PhoneNumber, check.CountryCode = national, "86"
	check.VerifyCode, check.OutId = code, purpose
	cresp, err := e.client.CheckSmsVerifyCode(check)
	if err != nil || cresp.Model.VerifyResult != "PASS" {
		b.Fatal(err, cresp.Code)
	}
}

// verifier starts and checks a verification with the Verifier.
func (e *benchEnv) verifier(b *testing.B) {
	e.seq++
	purpose := "p" + strconv.Itoa(e.seq)
	if _, err := e.v.Start(ctx, verify.Request{To: national, Purpose: purpose}); err != nil {
		b.Fatal(err)
	}
	code, _ := e.srv.LastVerifyCode(national)
	out, err := e.v.Check(ctx, verify.Check{To: national, Purpose: purpose, Code: code})
	if err != nil || !out.Approved() {
		b.Fatal(err, out)
	}
}

// BenchmarkStartCheck measures one start and one check of the right code
// against the emulator (which is in the measure): through the bare SDK
// (the Dypnsapi client's SendSmsVerifyCode and CheckSmsVerifyCode with the
// same parameters) and through the Verifier.
func BenchmarkStartCheck(b *testing.B) {
	b.Run("sdk", func(b *testing.B) {
		e := newBenchEnv(b)
		b.ReportAllocs()
		for b.Loop() {
			e.sdk(b)
		}
	})
	b.Run("verifier", func(b *testing.B) {
		e := newBenchEnv(b)
		b.ReportAllocs()
		for b.Loop() {
			e.verifier(b)
		}
	})
}

// BenchmarkOverhead alternates the two in one loop (the order swapped
// every iteration) and reports the ratio of their total times, wall-clock
// and CPU (the process's, the emulator's included), so that a loaded
// machine slows both alike: the same-run ratio (goal: at most 1.10). The
// CPU ratio is the steadier on a loaded machine.
func BenchmarkOverhead(b *testing.B) {
	e := newBenchEnv(b)
	var sdk, ver, sdkCPU, verCPU time.Duration
	i := 0
	for b.Loop() {
		i++
		first, second := e.sdk, e.verifier
		if i%2 == 0 {
			first, second = second, first
		}
		c0, t0 := processCPU(), time.Now()
		first(b)
		c1, t1 := processCPU(), time.Now()
		second(b)
		c2, t2 := processCPU(), time.Now()
		if i%2 == 0 {
			ver, sdk = ver+t1.Sub(t0), sdk+t2.Sub(t1)
			verCPU, sdkCPU = verCPU+c1-c0, sdkCPU+c2-c1
		} else {
			sdk, ver = sdk+t1.Sub(t0), ver+t2.Sub(t1)
			sdkCPU, verCPU = sdkCPU+c1-c0, verCPU+c2-c1
		}
	}
	b.ReportMetric(float64(sdk.Nanoseconds())/float64(i), "sdk-ns/op")
	b.ReportMetric(float64(ver.Nanoseconds())/float64(i), "verifier-ns/op")
	b.ReportMetric(float64(ver)/float64(sdk), "ratio")
	b.ReportMetric(float64(sdkCPU.Nanoseconds())/float64(i), "sdk-cpu-ns/op")
	b.ReportMetric(float64(verCPU.Nanoseconds())/float64(i), "verifier-cpu-ns/op")
	if sdkCPU > 0 {
		b.ReportMetric(float64(verCPU)/float64(sdkCPU), "cpu-ratio")
	}
}
