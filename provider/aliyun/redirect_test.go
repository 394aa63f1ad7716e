package aliyun_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// okAnswerBody is an accepting SendSms answer: under a redirect status it
// must not count as one.
const okAnswerBody = `{"Message":"OK","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Code":"OK","BizId":"900619746936498440^0"}`

// countingServer answers every request with status, the Location header
// location() (none when empty) and okAnswerBody, and counts the requests.
func countingServer(t *testing.T, status int, location func() string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		if l := location(); l != "" {
			w.Header().Set("Location", l)
		}
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(okAnswerBody))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// closedAddr returns a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// TestRedirectsAreRefused checks issue #8.2: a request once written stays
// "may have been accepted". Aliyun's API never redirects; a redirect answer
// arrives after the whole request was written, so the Sender must neither
// follow it (the SDK's http.Client would: 307 and 308 send the message
// again, the others turn into a GET elsewhere whose failure hid that the
// first request was written) nor read an accepting body under it as
// success or as a refusal.
func TestRedirectsAreRefused(t *testing.T) {
	statuses := []int{
		http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect,
	}
	targets := []string{"none", "another server", "a closed port", "itself"}
	for _, status := range statuses {
		for _, target := range targets {
			t.Run(strconv.Itoa(status)+" to "+target, func(t *testing.T) {
				other, otherRequests := countingServer(t, http.StatusOK, func() string { return "" })
				var self string
				location := map[string]func() string{
					"none":           func() string { return "" },
					"another server": func() string { return other.URL + "/" },
					"a closed port":  func() string { return "http://" + closedAddr(t) + "/" },
					"itself":         func() string { return self },
				}[target]
				origin, originRequests := countingServer(t, status, location)
				self = origin.URL + "/"

				s, err := aliyun.New(aliyun.Options{
					AccessKeyID: testKeyID, AccessKeySecret: testKeySecret,
					Endpoint: origin.URL, SignName: "sign", Templates: testTemplates(),
				})
				require.NoError(t, err)
				t.Cleanup(s.CloseIdleConnections)

				_, err = s.Send(context.Background(), loginCode())
				e := requireSMSError(t, err, sms.Unknown, false)
				assert.Contains(t, e.Message, "HTTP "+strconv.Itoa(status)+" redirect")
				assert.Contains(t, err.Error(), "may have been accepted")
				assert.False(t, sms.IsNotAccepted(err))
				assert.EqualValues(t, 1, originRequests.Load(), "one request, never resent")
				assert.Zero(t, otherRequests.Load(), "the redirect is not followed")
				requireNoSecrets(t, err, testKeyID, testKeySecret, "13800138000", testCode)
			})
		}
	}
}

// TestRedirectRefusedOverAnyTransport checks the same with a transport of
// the caller's (Options.Transport) and for Status.
func TestRedirectRefusedOverAnyTransport(t *testing.T) {
	other, otherRequests := countingServer(t, http.StatusOK, func() string { return "" })
	origin, originRequests := countingServer(t, http.StatusFound, func() string { return other.URL + "/" })
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	s, err := aliyun.New(aliyun.Options{
		AccessKeyID: testKeyID, AccessKeySecret: testKeySecret,
		Endpoint: origin.URL, SignName: "sign", Transport: base, Templates: testTemplates(),
	})
	require.NoError(t, err)

	_, err = s.Send(context.Background(), loginCode())
	requireSMSError(t, err, sms.Unknown, false)
	_, err = s.Status(context.Background(), sms.StatusQuery{To: testNumber, MessageID: "900619746936498440^0"})
	requireSMSError(t, err, sms.Unknown, false)
	assert.EqualValues(t, 2, originRequests.Load())
	assert.Zero(t, otherRequests.Load())
}
