package aliyun_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

// okBody is SendSms's answer to an accepted message.
const okBody = `{"Message":"OK","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Code":"OK","BizId":"900619746936498440^0"}`

// memTransport answers every request with okBody, without a network.
type memTransport struct{}

func (memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json;charset=utf-8"}},
		Body:          io.NopCloser(strings.NewReader(okBody)),
		ContentLength: int64(len(okBody)),
		Request:       r,
	}, nil
}

// benchMessage is the message both sides of each comparison send.
var benchMessage = sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "123456"}}

// bareRequest is what the provider sends for benchMessage, built by hand.
func bareRequest(domain, scheme string) *dysmsapi.SendSmsRequest {
	req := dysmsapi.CreateSendSmsRequest()
	req.Domain = domain
	req.Scheme = scheme
	req.PhoneNumbers = "13800138000"
	req.SignName = aliyuntest.DefaultSignName
	req.TemplateCode = aliyuntest.DefaultTemplateCode
	req.TemplateParam = `{"code":"123456"}`
	return req
}

// newBareClient is a bare SDK client on the in-memory transport.
func newBareClient(b *testing.B) *dysmsapi.Client {
	client, err := dysmsapi.NewClientWithAccessKey("cn-hangzhou", testKeyID, testKeySecret)
	if err != nil {
		b.Fatal(err)
	}
	client.SetTransport(memTransport{})
	return client
}

// newMemSender is a provider Sender on the in-memory transport.
func newMemSender(b *testing.B) *aliyun.Sender {
	s, err := aliyun.New(aliyun.Options{
		AccessKeyID: testKeyID, AccessKeySecret: testKeySecret,
		SignName:  aliyuntest.DefaultSignName,
		Templates: []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Codes: map[string]string{"aliyun": aliyuntest.DefaultTemplateCode}}},
		Transport: memTransport{},
	})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func bareSend(b *testing.B, client *dysmsapi.Client) {
	resp, err := client.SendSms(bareRequest("dysmsapi.aliyuncs.com", "https"))
	if err != nil || resp.Code != "OK" {
		b.Fatal(err)
	}
}

func providerSend(b *testing.B, s *aliyun.Sender) {
	if _, err := s.Send(context.Background(), benchMessage); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSendOverhead compares the provider's Send with a bare SDK SendSms
// on an in-memory transport: the provider may add at most 10%. The
// interleaved case alternates the two in one loop, so that the load of a
// shared machine weighs on both alike, and reports their ratio
// (provider-ns/send over bare-ns/send).
func BenchmarkSendOverhead(b *testing.B) {
	b.Run("bare-sdk", func(b *testing.B) {
		client := newBareClient(b)
		b.ReportAllocs()
		for b.Loop() {
			bareSend(b, client)
		}
	})
	b.Run("provider", func(b *testing.B) {
		s := newMemSender(b)
		b.ReportAllocs()
		for b.Loop() {
			providerSend(b, s)
		}
	})
	b.Run("interleaved", func(b *testing.B) {
		client, s := newBareClient(b), newMemSender(b)
		var bare, provider time.Duration
		first := true
		for b.Loop() {
			// Alternate which goes first: the second of a pair tends to
			// pay for the garbage of the first.
			start := time.Now()
			if first {
				bareSend(b, client)
			} else {
				providerSend(b, s)
			}
			mid := time.Now()
			if first {
				providerSend(b, s)
			} else {
				bareSend(b, client)
			}
			end := time.Now()
			if first {
				bare += mid.Sub(start)
				provider += end.Sub(mid)
			} else {
				provider += mid.Sub(start)
				bare += end.Sub(mid)
			}
			first = !first
		}
		b.ReportMetric(float64(bare.Nanoseconds())/float64(b.N), "bare-ns/send")
		b.ReportMetric(float64(provider.Nanoseconds())/float64(b.N), "provider-ns/send")
		b.ReportMetric(float64(provider)/float64(bare), "ratio")
	})
}

// countingEmulator serves an emulator without limits on loopback and counts
// the TCP connections its clients open.
func countingEmulator(b *testing.B) (*httptest.Server, *atomic.Int64) {
	var conns atomic.Int64
	emu := aliyuntest.New(aliyuntest.Options{
		Keys:   map[string]string{testKeyID: testKeySecret},
		Limits: aliyuntest.Limits{Disabled: true},
	})
	srv := httptest.NewUnstartedServer(emu)
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	b.Cleanup(srv.Close)
	return srv, &conns
}

// concurrentSends runs b.N sends, numbered from 0, on 64 goroutines, and
// reports sends per second and connections opened.
func concurrentSends(b *testing.B, conns *atomic.Int64, send func(i int) error) {
	const goroutines = 64
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	conns.Store(0)
	for range goroutines {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(b.N); i = next.Add(1) - 1 {
				if err := send(int(i)); err != nil {
					failed.Store(err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err, ok := failed.Load().(error); ok {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "sends/s")
	b.ReportMetric(float64(conns.Load()), "conns")
}

// number returns the i-th test recipient.
func number(i int) string { return "+86139" + strconv.Itoa(10_000_000+i%90_000_000) }

// BenchmarkConcurrent64 sends from 64 goroutines to the emulator over
// loopback: the provider against one bare SDK client shared by all (which is
// racy, so it only runs without -race).
func BenchmarkConcurrent64(b *testing.B) {
	b.Run("provider", func(b *testing.B) {
		srv, conns := countingEmulator(b)
		s, err := aliyun.New(aliyun.Options{
			AccessKeyID: testKeyID, AccessKeySecret: testKeySecret,
			Endpoint: srv.URL, SignName: aliyuntest.DefaultSignName,
		})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(s.CloseIdleConnections)
		ctx := context.Background()
		concurrentSends(b, conns, func(i int) error {
			_, err := s.Send(ctx, sms.Message{To: number(i), Template: aliyuntest.DefaultTemplateCode,
				Params: map[string]string{"code": "123456"}})
			return err
		})
	})
	b.Run("bare-sdk-shared-client", func(b *testing.B) {
		if raceEnabled {
			b.Skip("one SDK client shared by goroutines is a data race")
		}
		srv, conns := countingEmulator(b)
		client, err := dysmsapi.NewClientWithAccessKey("cn-hangzhou", testKeyID, testKeySecret)
		if err != nil {
			b.Fatal(err)
		}
		host := strings.TrimPrefix(srv.URL, "http://")
		concurrentSends(b, conns, func(i int) error {
			req := bareRequest(host, "http")
			req.PhoneNumbers = strings.TrimPrefix(number(i), "+86")
			_, err := client.SendSms(req)
			return err
		})
	})
}
