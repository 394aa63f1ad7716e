package aliyun_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/stretchr/testify/require"
)

// secretParams are template params whose values must never show.
var secretParams = map[string]string{"code": testCode, "name": "张三🎉Zq"}

// forbidden lists every form of the secrets of a send of secretParams to
// testNumber, plus the given signatures.
func forbidden(signatures ...string) []string {
	s := []string{testKeyID, testKeySecret, testNumber, "13800138000", url.QueryEscape(testNumber)}
	for _, v := range append(signatures, secretParams["code"], secretParams["name"]) {
		if v != "" {
			s = append(s, v, url.QueryEscape(v), url.QueryEscape(url.QueryEscape(v)))
		}
	}
	return s
}

// TestNoSecretsInErrors provokes every failure mode through the SDK's real
// transport and checks every error text.
func TestNoSecretsInErrors(t *testing.T) {
	msg := sms.Message{To: testNumber, Template: notifyTemplate, Params: secretParams}

	t.Run("emulator faults", func(t *testing.T) {
		faults := []aliyuntest.Fault{
			{Kind: aliyuntest.FaultSystemError},
			{Kind: aliyuntest.FaultThrottling},
			{Kind: aliyuntest.FaultDropBeforeAccept},
			{Kind: aliyuntest.FaultDropAfterAccept},
			{Kind: aliyuntest.FaultError, Code: "isv.BUSINESS_LIMIT_CONTROL", Message: "触发分钟级流控Permits:1"},
			{Kind: aliyuntest.FaultError, Code: "SignatureDoesNotMatch", Status: 400},
			{ResponseDelay: time.Minute}, // times out after writing
		}
		for _, f := range faults {
			srv := newEmulator(t, aliyuntest.Options{})
			s := newSender(t, srv, func(o *aliyun.Options) { o.Timeout = 100 * time.Millisecond })
			var mu sync.Mutex
			var signature string
			srv.SetFaults(func(c aliyuntest.Call) aliyuntest.Fault {
				mu.Lock()
				defer mu.Unlock()
				signature = c.Params.Get("Signature")
				return f
			})
			_, err := s.Send(context.Background(), msg)
			require.Error(t, err, f.Kind.String())
			mu.Lock()
			require.NotEmpty(t, signature)
			requireNoSecrets(t, err, forbidden(signature)...)
			mu.Unlock()
		}
	})

	t.Run("wrong secret", func(t *testing.T) {
		srv := newEmulator(t, aliyuntest.Options{})
		s := newSender(t, srv, func(o *aliyun.Options) { o.AccessKeySecret = testKeySecret + "x" })
		_, err := s.Send(context.Background(), msg)
		requireSMSError(t, err, sms.PermissionDenied, true)
		requireNoSecrets(t, err, forbidden()...)
	})

	t.Run("connection refused", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		require.NoError(t, l.Close())
		s, err := aliyun.New(aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret,
			Endpoint: "http://" + l.Addr().String(), SignName: "sign"})
		require.NoError(t, err)
		_, err = s.Send(context.Background(), msg)
		requireSMSError(t, err, sms.Unavailable, true)
		requireNoSecrets(t, err, forbidden()...)
	})

	// Aliyun quotes the string to sign in some messages: a server that
	// echoes the request back in every way must not leak it either.
	for _, status := range []int{200, 400, 500} {
		for _, echo := range []func(*http.Request) string{
			func(r *http.Request) string { return r.URL.String() },
			func(r *http.Request) string {
				return "server string to sign is:POST&%2F&" + url.QueryEscape(r.URL.RawQuery)
			},
			func(r *http.Request) string {
				q := r.URL.Query()
				return "number " + q.Get("PhoneNumbers") + " params " + q.Get("TemplateParam") + " key " + q.Get("AccessKeyId")
			},
		} {
			var signature string
			h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				signature = r.URL.Query().Get("Signature")
				w.WriteHeader(status)
				_ = json.NewEncoder(w).Encode(map[string]string{"Code": "isv.SOMETHING", "Message": echo(r), "RequestId": "R"})
			}))
			s, err := aliyun.New(aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret,
				Endpoint: h.URL, SignName: "sign"})
			require.NoError(t, err)
			_, err = s.Send(context.Background(), msg)
			h.Close()
			require.Error(t, err)
			requireNoSecrets(t, err, forbidden(signature)...)
		}
	}

	t.Run("checker catches leaks", func(t *testing.T) {
		// The checker must find what leaks, also deep in the chain.
		leaky := &sms.Error{Code: sms.Unknown, Err: &url.Error{Op: "Post", URL: "http://x/?AccessKeyId=" + testKeyID, Err: context.Canceled}}
		require.Equal(t, testKeyID, findLeak(leaky, forbidden()...))
		require.Equal(t, "13800138000", findLeak(errors.New("to 13800138000"), forbidden()...))
		require.Empty(t, findLeak(errors.New("fine"), forbidden()...))
	})
}
