package alidayu_test

import (
	"context"
	"crypto/hmac"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/alidayu"
	"github.com/smskit/sms/provider/alidayu/alidayutest"
)

// cannedAnswer is the gateway's answer to a send of one number.
const cannedAnswer = `{"alibaba_aliqin_fc_sms_num_send_response":{"result":{"err_code":"0",` +
	`"model":"134523^4351232","success":true},"request_id":"z28f2hwzp0xs"}}`

// cannedServer answers every request with cannedAnswer, checking nothing:
// the benchmarks measure the client side.
func cannedServer(b *testing.B) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, cannedAnswer)
	}))
	b.Cleanup(srv.Close)
	return srv.URL + "/router/rest"
}

// bareSend is what a competent user writes without smskit: a hand-signed
// (HMAC-MD5) form POST on http.DefaultClient's transport and a decode of
// the result.
func bareSend(endpoint string) func() error {
	client := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	china := time.FixedZone("CST", 8*3600)
	return func() error {
		p := url.Values{
			"method": {"alibaba.aliqin.fc.sms.num.send"}, "app_key": {alidayutest.TestAppKey},
			"timestamp": {time.Now().In(china).Format("2006-01-02 15:04:05")}, "format": {"json"}, "v": {"2.0"},
			"sign_method": {"hmac"}, "sms_type": {"normal"}, "sms_free_sign_name": {alidayutest.DefaultSignName},
			"rec_num": {"13800138000"}, "sms_template_code": {codeTemplate}, "sms_param": {`{"code":"472913"}`},
		}
		keys := make([]string, 0, len(p))
		for k := range p {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := hmac.New(md5.New, []byte(alidayutest.TestAppSecret))
		for _, k := range keys {
			m.Write([]byte(k + p.Get(k)))
		}
		p.Set("sign", strings.ToUpper(hex.EncodeToString(m.Sum(nil))))
		resp, err := client.Post(endpoint, "application/x-www-form-urlencoded;charset=utf-8", strings.NewReader(p.Encode()))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var a struct {
			R *struct {
				Result struct {
					Success bool   `json:"success"`
					Model   string `json:"model"`
				} `json:"result"`
			} `json:"alibaba_aliqin_fc_sms_num_send_response"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
			return err
		}
		if a.R == nil || !a.R.Result.Success {
			return io.ErrUnexpectedEOF
		}
		return nil
	}
}

// providerSend returns a Send of the same message through a Sender pointed
// at endpoint.
func providerSend(b *testing.B, endpoint string) func() error {
	s, err := alidayu.New(alidayu.Options{AppKey: alidayutest.TestAppKey, AppSecret: alidayutest.TestAppSecret,
		Endpoint: endpoint, SignName: alidayutest.DefaultSignName, Templates: templates})
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

func emulatorURL(b *testing.B) string {
	srv := alidayutest.NewServer(alidayutest.Options{Templates: emulatorTemplates, Limits: alidayutest.Limits{Disabled: true}})
	b.Cleanup(srv.Close)
	return srv.URL + alidayutest.Path
}

// BenchmarkSendInterleaved alternates the bare hand-written request and
// the provider's Send in each iteration, so that the load of a shared
// machine falls on both alike, and reports each one's time per call and
// their ratio (provider/bare), against a canned answer (the client side
// alone) and the emulator (signature checked).
func BenchmarkSendInterleaved(b *testing.B) {
	for _, backend := range []string{"canned", "emulator"} {
		b.Run(backend, func(b *testing.B) {
			endpoint := cannedServer(b)
			if backend == "emulator" {
				endpoint = emulatorURL(b)
			}
			bare, provider := bareSend(endpoint), providerSend(b, endpoint)
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

// BenchmarkSend measures each alone, for allocations per call.
func BenchmarkSend(b *testing.B) {
	run := func(b *testing.B, send func() error) {
		b.ReportAllocs()
		for b.Loop() {
			if err := send(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("canned/bare", func(b *testing.B) { run(b, bareSend(cannedServer(b))) })
	b.Run("canned/provider", func(b *testing.B) { run(b, providerSend(b, cannedServer(b))) })
}
