package aliyun

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/smskit/sms"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// okJSON is SendSms's answer to an accepted message.
const okJSON = `{"Message":"OK","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Code":"OK","BizId":"900619746936498440^0"}`

// countingTransport answers every request with okJSON and counts them.
type countingTransport struct{ n atomic.Int32 }

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return &http.Response{StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   io.NopCloser(strings.NewReader(okJSON)), ContentLength: int64(len(okJSON)), Request: r}, nil
}

// newTestSender is a Sender over transport with the given credentials
// provider (an AccessKey pair when nil).
func newTestSender(t *testing.T, transport http.RoundTripper, creds credentials.CredentialsProvider, maxIdle int) *Sender {
	t.Helper()
	o := Options{SignName: "sign", Transport: transport, Credentials: creds, MaxIdleConns: maxIdle}
	if creds == nil {
		o.AccessKeyID, o.AccessKeySecret = "LTAIkeyid", "secret"
	}
	s, err := New(o)
	require.NoError(t, err)
	return s
}

var testMessage = sms.Message{To: "+8613800138000", Template: "SMS_1", Params: map[string]string{"code": "123456"}}

// TestWrittenStaysWritten checks that no later error of a call whose
// request was written makes it "not accepted": neither a dial (as after a
// followed redirect) nor a timeout.
func TestWrittenStaysWritten(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		name string
		err  error
	}{
		{"dial", &url.Error{Op: "Post", URL: "http://127.0.0.1:1/", Err: dial}},
		{"dial timeout", &url.Error{Op: "Post", URL: "http://127.0.0.1:1/", Err: &net.OpError{Op: "dial", Err: context.DeadlineExceeded}}},
		{"read", &url.Error{Op: "Post", URL: "http://127.0.0.1:1/", Err: io.ErrUnexpectedEOF}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCall(context.Background(), &action{}, nil)
			c.state.Store(callStarted)
			c.wire.MarkWritten()
			c.err = tt.err
			e := failure(context.Background(), c, secrets{})
			assert.False(t, e.NotAccepted, "%v", e)
			assert.Equal(t, sms.Unknown, e.Code)
		})
	}
}

// TestRPCRequestMatchesSDK checks that rpcRequest sends what the SDK's
// typed requests send.
func TestRPCRequestMatchesSDK(t *testing.T) {
	typedSend := dysmsapi.CreateSendSmsRequest()
	typedSend.PhoneNumbers = "13800138000"
	typedSend.SignName = "签名"
	typedSend.TemplateCode = "SMS_1"
	typedSend.TemplateParam = `{"code":"1"}`
	typedSend.OutId = "ref"
	send := action{name: "SendSms"}
	for _, p := range []param{{"PhoneNumbers", "13800138000"}, {"SignName", "签名"}, {"TemplateCode", "SMS_1"},
		{"TemplateParam", `{"code":"1"}`}, {"OutId", "ref"}, {"SmsUpExtendCode", ""}} {
		send.add(p.name, p.value)
	}

	typedQuery := dysmsapi.CreateQuerySendDetailsRequest()
	typedQuery.PhoneNumber = "13800138000"
	typedQuery.BizId = "1^0"
	typedQuery.SendDate = "20261127"
	typedQuery.PageSize = requests.NewInteger(10)
	typedQuery.CurrentPage = requests.NewInteger(1)
	query := action{name: "QuerySendDetails"}
	for _, p := range []param{{"PhoneNumber", "13800138000"}, {"BizId", "1^0"}, {"SendDate", "20261127"},
		{"PageSize", "10"}, {"CurrentPage", "1"}} {
		query.add(p.name, p.value)
	}

	for _, tt := range []struct {
		typed requests.AcsRequest
		ours  action
	}{{typedSend, send}, {typedQuery, query}} {
		ours := newRPCRequest(tt.ours.name)
		ours.reset(&tt.ours)
		for _, r := range []requests.AcsRequest{tt.typed, ours} {
			require.NoError(t, requests.InitParams(r))
		}
		assert.Equal(t, tt.typed.GetQueryParams(), ours.GetQueryParams())
		assert.Equal(t, tt.typed.GetFormParams(), ours.GetFormParams())
		assert.Equal(t, tt.typed.GetHeaders(), ours.GetHeaders())
		assert.Equal(t, tt.typed.GetMethod(), ours.GetMethod())
		assert.Equal(t, tt.typed.GetProduct(), ours.GetProduct())
		assert.Equal(t, tt.typed.GetVersion(), ours.GetVersion())
		assert.Equal(t, tt.typed.GetActionName(), ours.GetActionName())
		assert.Equal(t, tt.typed.GetLocationServiceCode(), ours.GetLocationServiceCode())
		assert.Equal(t, tt.typed.GetLocationEndpointType(), ours.GetLocationEndpointType())
	}
}

// TestReusedRequestKeepsNothing checks that a client's reused request sends
// no parameter of an earlier call.
func TestReusedRequestKeepsNothing(t *testing.T) {
	w := &pooledClient{}
	first := action{name: "SendSms"}
	first.add("PhoneNumbers", "13800138000")
	first.add("OutId", "ref-1")
	r := w.request(&first)
	r.GetQueryParams()["Signature"] = "signed by the SDK"

	second := action{name: "SendSms"}
	second.add("PhoneNumbers", "13900139000")
	second.add("OutId", "")
	assert.Same(t, r, w.request(&second))
	assert.Equal(t, map[string]string{"PhoneNumbers": "13900139000"}, r.GetQueryParams())
}

// blockingCredentials blocks every GetCredentials until release is closed.
type blockingCredentials struct {
	entered chan struct{}
	release chan struct{}
}

func (b *blockingCredentials) GetCredentials() (*credentials.Credentials, error) {
	b.entered <- struct{}{}
	<-b.release
	return &credentials.Credentials{AccessKeyId: "LTAIkeyid", AccessKeySecret: "secret", ProviderName: "test"}, nil
}

func (b *blockingCredentials) GetProviderName() string { return "test" }

// TestAbandonedRequestNeverStarts checks that a send whose caller left while
// the SDK waited for credentials is not accepted, and that its request
// never starts once the credentials come (TestCanceledWhileSigning checks
// that the caller leaves at once).
func TestAbandonedRequestNeverStarts(t *testing.T) {
	creds := &blockingCredentials{entered: make(chan struct{}, 2), release: make(chan struct{})}
	transport := &countingTransport{}
	s := newTestSender(t, transport, creds, 0)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-creds.entered
		cancel()
	}()
	_, err := s.Send(ctx, testMessage)
	require.Error(t, err)
	e, ok := errors.AsType[*sms.Error](err)
	require.True(t, ok)
	assert.Equal(t, sms.Canceled, e.Code)
	assert.True(t, e.NotAccepted)

	close(creds.release) // the worker signs now, and must not send
	require.Eventually(t, func() bool { return s.pool.idle.Load() == 1 }, 5*time.Second, time.Millisecond)
	assert.Zero(t, transport.n.Load(), "the abandoned request never started")

	_, err = s.Send(context.Background(), testMessage)
	require.NoError(t, err, "the worker is usable again")
	assert.EqualValues(t, 1, transport.n.Load())
}

// TestWorkersAreBounded checks that idle workers never outnumber
// MaxIdleConns, that CloseIdleConnections ends them, and that they end once
// their Sender is garbage collected.
func TestWorkersAreBounded(t *testing.T) {
	const maxIdle = 2
	release := make(chan struct{})
	creds := &blockingCredentials{entered: make(chan struct{}, 16), release: release}
	// A credentials provider of the caller's own is serialized: hold the
	// first call inside it, and eight sends need eight workers at once.
	s := newTestSender(t, &countingTransport{}, creds, maxIdle)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			_, err := s.Send(context.Background(), testMessage)
			assert.NoError(t, err)
		})
	}
	require.Eventually(t, func() bool { return s.pool.workers.Load() == 8 }, 5*time.Second, time.Millisecond)
	close(release)
	wg.Wait()
	require.Eventually(t, func() bool { return s.pool.workers.Load() == maxIdle }, 5*time.Second, time.Millisecond)
	assert.EqualValues(t, maxIdle, s.pool.idle.Load())

	s.CloseIdleConnections()
	require.Eventually(t, func() bool { return s.pool.workers.Load() == 0 }, 5*time.Second, time.Millisecond)

	_, err := s.Send(context.Background(), testMessage)
	require.NoError(t, err, "the Sender stays usable")

	pool := func() *clientPool { // a Sender that becomes unreachable
		s := newTestSender(t, &countingTransport{}, nil, maxIdle)
		_, err := s.Send(context.Background(), testMessage)
		require.NoError(t, err)
		return s.pool
	}()
	require.EqualValues(t, 1, pool.workers.Load())
	require.Eventually(t, func() bool {
		runtime.GC()
		return pool.workers.Load() == 0
	}, 5*time.Second, time.Millisecond, "workers end once their Sender is collected")
}
