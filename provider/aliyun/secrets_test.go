package aliyun_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
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
	msg := sms.Message{To: testNumber, Template: "notify", Params: secretParams}

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
			srv.SetFaults(func(c aliyuntest.Request) aliyuntest.Fault {
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
			Endpoint: "http://" + l.Addr().String(), SignName: "sign", Templates: testTemplates()})
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
				Endpoint: h.URL, SignName: "sign", Templates: testTemplates()})
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

// echoSecrets are what the echo test puts into answers: each credential,
// the number in several written forms, the params.
var echoSecrets = []string{testKeyID, testKeySecret, "13800138000", "+8613800138000", "8613800138000",
	"138 0013 8000", "+86 138-0013-8000", testCode, "张三🎉Zq", "{signature}"}

// echoBodies are answers to put them into, at every offset.
var echoBodies = []string{
	`{"RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Code":"isv.SOMETHING_NEW","Message":"参数异常"}`,
	`{"RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Code":"OK","BizId":"900619746936498440^0","Message":"OK"}`,
	`{"RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","HostId":"dysmsapi.aliyuncs.com","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation."}`,
	`{"RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Code":"OK","BizId":"9006197469364984`,
	`<html><body>502 Bad Gateway</body></html>`,
}

// TestNoFragmentOfASecretInErrors puts each secret at every offset of
// answers of every shape, inserted and in place of as many bytes (the SDK's JSON-decoding errors quote 50 bytes
// either side of a problem, its server errors the whole body) and checks
// that no error, and no Result, shows six bytes of a credential or four
// digits in a row of the number.
func TestNoFragmentOfASecretInErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("thousands of sends")
	}
	var (
		mu     sync.Mutex
		body   string
		secret string
		offset int
		status int
		over   bool
		sig    string
	)
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		sig = r.URL.Query().Get("Signature")
		v := secret
		if v == "{signature}" {
			v = sig
		}
		w.WriteHeader(status)
		if over && offset+len(v) <= len(body) { // in place of as many bytes
			_, _ = w.Write([]byte(body[:offset] + v + body[offset+len(v):]))
			return
		}
		_, _ = w.Write([]byte(body[:offset] + v + body[offset:]))
	}))
	t.Cleanup(h.Close)
	s, err := aliyun.New(aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret,
		Endpoint: h.URL, SignName: "sign", Templates: testTemplates()})
	require.NoError(t, err)
	t.Cleanup(s.CloseIdleConnections)
	msg := sms.Message{To: testNumber, Template: "notify", Params: map[string]string{"code": testCode, "name": "张三🎉Zq"}}

	sends := 0
	for _, b := range echoBodies {
		for _, sec := range echoSecrets {
			for j := 0; j <= 2*len(b)+1; j++ {
				i := j / 2
				mu.Lock()
				body, secret, offset, status, over = b, sec, i, []int{200, 400, 500}[i%3], j%2 == 1
				mu.Unlock()
				res, err := s.Send(context.Background(), msg)
				sends++
				mu.Lock()
				signature := sig
				mu.Unlock()
				if err != nil {
					if leak := fragmentLeak(err, signature); leak != "" && !inFixedText(t, s, msg, leak, func() {
						mu.Lock()
						secret = ""
						mu.Unlock()
					}) {
						t.Fatalf("%q at %d of %q: the error shows %q: %v", sec, i, b, leak, err)
					}
					continue
				}
				for _, field := range []string{res.RequestID, res.MessageID} {
					if leak := fragmentIn(field, signature, field == res.MessageID); leak != "" {
						t.Fatalf("%q at %d of %q: the result shows %q: %+v", sec, i, b, leak, res)
					}
				}
			}
		}
	}
	t.Logf("%d answers", sends)
}

// inFixedText reports whether leak, six bytes of a random signature that
// fragmentLeak found in an error, also stands in the error of the same
// answer without the echo (noEcho removes it): then it is a chance match
// with the provider's own fixed words (such as "sKeySe" of
// "AccessKeySecret"), not a leak.
func inFixedText(t *testing.T, s *aliyun.Sender, msg sms.Message, leak string, noEcho func()) bool {
	t.Helper()
	noEcho()
	_, err := s.Send(context.Background(), msg)
	if err == nil {
		return false
	}
	for ; err != nil; err = errors.Unwrap(err) {
		if strings.Contains(strings.ToLower(fmt.Sprintf("%v %+v %#v", err, err, err)), strings.ToLower(leak)) {
			return true
		}
	}
	return false
}

// fragmentLeak returns what a link of err's chain, formatted in any way,
// shows of the echo test's secrets, or "".
func fragmentLeak(err error, signature string) string {
	for ; err != nil; err = errors.Unwrap(err) {
		for _, text := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err)} {
			if leak := fragmentIn(text, signature, false); leak != "" {
				return leak
			}
		}
		// %#v shows pointer addresses, whose hex digits may hold any four
		// digits: credentials only.
		if leak := fragmentIn(fmt.Sprintf("%#v", err), signature, true); leak != "" {
			return leak
		}
	}
	return ""
}

// fragmentIn returns six bytes of a credential (in any case) or a param
// value found in text, or, unless credentialsOnly, four digits in a row of
// the national number or the code, counted across spaces, dashes, dots and
// brackets; "" if none.
func fragmentIn(text, signature string, credentialsOnly bool) string {
	lower := strings.ToLower(text)
	for _, c := range []string{testKeyID, testKeySecret, signature, url.QueryEscape(signature)} {
		for i := 0; i+6 <= len(c); i++ {
			if strings.Contains(lower, strings.ToLower(c[i:i+6])) {
				return c[i : i+6]
			}
		}
	}
	if strings.Contains(text, "张三") {
		return "张三"
	}
	if credentialsOnly {
		return ""
	}
	squeezed := strings.NewReplacer(" ", "", "-", "", ".", "", "(", "", ")", "", "+", "").Replace(text)
	for _, digits := range []string{"13800138000", testCode} {
		for i := 0; i+4 <= len(digits); i++ {
			if strings.Contains(squeezed, digits[i:i+4]) {
				return digits[i : i+4]
			}
		}
	}
	return ""
}
