package tencent_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/tencent/tencenttest"
)

// cannedAnswer is Tencent's answer to a SendSms of one number.
const cannedAnswer = `{"Response":{"SendStatusSet":[{"SerialNo":"2640:4302165259163838308","PhoneNumber":"+8613800138000",` +
	`"Fee":1,"SessionContext":"","Code":"Ok","Message":"send success","IsoCode":"CN"}],` +
	`"RequestId":"a0aabda6-cf91-4f3e-a81f-9198114a2279"}}`

// cannedServer answers every request with cannedAnswer, checking nothing:
// the benchmarks measure the client side.
func cannedServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, cannedAnswer)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// bareClient is what a competent user writes without smskit: the SDK's
// common client, no retries, and a decode of the number's status.
func bareClient(host string) func() error {
	p := profile.NewClientProfile()
	p.HttpProfile.Scheme = "HTTP"
	p.HttpProfile.Endpoint = host
	c := common.NewCommonClient(common.NewCredential(tencenttest.TestSecretID, tencenttest.TestSecretKey), "ap-guangzhou", p)
	return func() error {
		req := tchttp.NewCommonRequest("sms", "2021-01-11", "SendSms")
		if err := req.SetActionParameters(map[string]any{
			"PhoneNumberSet":   []string{"+8613800138000"},
			"SmsSdkAppId":      tencenttest.TestSmsSdkAppID,
			"TemplateId":       codeTemplateID,
			"SignName":         tencenttest.DefaultSignName,
			"TemplateParamSet": []string{"472913"},
		}); err != nil {
			return err
		}
		resp := tchttp.NewCommonResponse()
		if err := c.Send(req, resp); err != nil {
			return err
		}
		var a struct {
			Response struct {
				SendStatusSet []struct{ Code, SerialNo string }
			}
		}
		if err := json.Unmarshal(resp.GetBody(), &a); err != nil {
			return err
		}
		if len(a.Response.SendStatusSet) != 1 || a.Response.SendStatusSet[0].Code != "Ok" {
			return io.ErrUnexpectedEOF
		}
		return nil
	}
}

// providerSend returns a Send of the sample message through a Sender
// pointed at url.
func providerSend(b *testing.B, url string) func() error {
	s, err := tencent.New(tencent.Options{SecretID: tencenttest.TestSecretID, SecretKey: tencenttest.TestSecretKey,
		SmsSdkAppID: tencenttest.TestSmsSdkAppID, Endpoint: url, SignName: tencenttest.DefaultSignName, Templates: templates})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(s.CloseIdleConnections)
	msg := sms.Message{To: "+8613800138000", Template: "code", Params: map[string]string{"code": "472913"}}
	return func() error {
		_, err := s.Send(context.Background(), msg)
		return err
	}
}

func run(b *testing.B, send func() error) {
	b.ReportAllocs()
	for b.Loop() {
		if err := send(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSend compares, in one run, the provider's Send with the bare
// common-client call it wraps, against a server with a canned answer (the
// client side alone) and against the emulator (signature checked).
func BenchmarkSend(b *testing.B) {
	b.Run("canned/bare-common-client", func(b *testing.B) {
		run(b, bareClient(cannedServer(b).Listener.Addr().String()))
	})
	b.Run("canned/provider", func(b *testing.B) { run(b, providerSend(b, cannedServer(b).URL)) })
	emulator := func(b *testing.B) *tencenttest.Server {
		srv := tencenttest.NewServer(tencenttest.Options{Templates: emulatorTemplates,
			Limits: tencenttest.Limits{Disabled: true}})
		b.Cleanup(srv.Close)
		return srv
	}
	b.Run("emulator/bare-common-client", func(b *testing.B) { run(b, bareClient(emulator(b).Host)) })
	b.Run("emulator/provider", func(b *testing.B) { run(b, providerSend(b, emulator(b).URL)) })
}

// BenchmarkSendInterleaved alternates the bare common-client call and the
// provider's Send in each iteration, so that the load of a shared machine
// falls on both alike, and reports each one's time per call and their
// ratio (provider/bare), against the canned answer and the emulator.
func BenchmarkSendInterleaved(b *testing.B) {
	for _, backend := range []string{"canned", "emulator"} {
		b.Run(backend, func(b *testing.B) {
			var host, url string
			if backend == "canned" {
				srv := cannedServer(b)
				host, url = srv.Listener.Addr().String(), srv.URL
			} else {
				srv := tencenttest.NewServer(tencenttest.Options{Templates: emulatorTemplates,
					Limits: tencenttest.Limits{Disabled: true}})
				b.Cleanup(srv.Close)
				host, url = srv.Host, srv.URL
			}
			bare, provider := bareClient(host), providerSend(b, url)
			var bareNs, providerNs time.Duration
			b.ReportAllocs()
			for b.Loop() {
				t0 := time.Now()
				if err := bare(); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if err := provider(); err != nil {
					b.Fatal(err)
				}
				bareNs += t1.Sub(t0)
				providerNs += time.Since(t1)
			}
			n := float64(b.N)
			b.ReportMetric(float64(bareNs)/n, "bare-ns/call")
			b.ReportMetric(float64(providerNs)/n, "provider-ns/call")
			b.ReportMetric(float64(providerNs)/float64(bareNs), "provider/bare")
		})
	}
}
