package aliyuntest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/smskit/sms/internal/testclock"
)

// BenchmarkServeHTTPSendSms measures the emulator alone: one hand-signed
// SendSms through ServeHTTP, no network.
func BenchmarkServeHTTPSendSms(b *testing.B) {
	clock := testclock.New(t0)
	em := New(Options{Now: clock.Now, Limits: Limits{Disabled: true}})
	base := url0(clock.Now)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := cloneValues(base)
		p.Set("SignatureNonce", strconv.Itoa(i))
		p.Set("Signature", signature(http.MethodPost, p, TestAccessKeySecret))
		req := httptest.NewRequest(http.MethodPost, "/?"+p.Encode(), nil)
		rec := httptest.NewRecorder()
		em.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code, rec.Body.String())
		}
	}
}

// BenchmarkSDKSendSms measures a whole SendSms from the official SDK to a
// Server over loopback, SDK signing included.
func BenchmarkSDKSendSms(b *testing.B) {
	clock := testclock.New(time.Now().UTC())
	srv := NewServer(Options{Now: clock.Now, Limits: Limits{Disabled: true}})
	defer srv.Close()
	client := newSDK(b, TestAccessKeyID, TestAccessKeySecret)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := client.SendSms(sdkSendSms(srv, "13800138000", `{"code":"1234"}`))
		if err != nil || resp.Code != "OK" {
			b.Fatal(err, resp)
		}
	}
}
