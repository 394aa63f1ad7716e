package aliyun_test

import (
	"context"
	"net"
	"net/http"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// blockingDial is a base transport whose dials signal dialing and then wait
// for their context: the request is never written.
func blockingDial(dialing chan<- struct{}) *http.Transport {
	return &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		dialing <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	}}
}

func TestCanceledBeforeWritten(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	dialing := make(chan struct{}, 1)
	s := newSender(t, srv, func(o *aliyun.Options) { o.Transport = blockingDial(dialing) })
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-dialing
		cancel()
	}()
	_, err := s.Send(ctx, loginCode())
	requireSMSError(t, err, sms.Canceled, true)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, srv.Requests("SendSms"))
}

func TestTimeoutBeforeWritten(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	dialing := make(chan struct{}, 1)
	s := newSender(t, srv, func(o *aliyun.Options) {
		o.Transport = blockingDial(dialing)
		o.Timeout = 20 * time.Millisecond // the dial never ends: the timeout must
	})
	_, err := s.Send(context.Background(), loginCode())
	requireSMSError(t, err, sms.DeadlineExceeded, true)
	assert.Zero(t, srv.Requests("SendSms"))
}

func TestCanceledAfterWritten(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	s := newSender(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The request has arrived when the fault is chosen: cancel then.
	srv.SetFaults(func(aliyuntest.Request) aliyuntest.Fault {
		cancel()
		return aliyuntest.Fault{ResponseDelay: time.Minute}
	})
	_, err := s.Send(ctx, loginCode())
	requireSMSError(t, err, sms.Canceled, false)
	assert.Contains(t, err.Error(), "may have been accepted")
	assert.Equal(t, 1, srv.Requests("SendSms"))
}

func TestTimeoutAfterWritten(t *testing.T) {
	tests := []struct {
		name    string
		ctx     func() (context.Context, context.CancelFunc)
		timeout time.Duration
	}{
		{"caller deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 20*time.Millisecond)
		}, 0},
		{"Options.Timeout", func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}, 20 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newEmulator(t, aliyuntest.Options{})
			s := newSender(t, srv, func(o *aliyun.Options) { o.Timeout = tt.timeout })
			srv.QueueFault(aliyuntest.Fault{ResponseDelay: time.Minute})
			ctx, cancel := tt.ctx()
			defer cancel()
			_, err := s.Send(ctx, loginCode())
			requireSMSError(t, err, sms.DeadlineExceeded, false)
			assert.Equal(t, 1, srv.Requests("SendSms"))
		})
	}
}

func TestConnectionFailures(t *testing.T) {
	tests := []struct {
		name        string
		fault       aliyuntest.FaultKind
		want        sms.Code
		notAccepted bool
	}{
		{"dropped before accepting", aliyuntest.FaultDropBeforeAccept, sms.Unknown, false},
		{"dropped after accepting", aliyuntest.FaultDropAfterAccept, sms.Unknown, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newEmulator(t, aliyuntest.Options{})
			s := newSender(t, srv, nil)
			srv.QueueFault(aliyuntest.Fault{Kind: tt.fault})
			_, err := s.Send(context.Background(), loginCode())
			requireSMSError(t, err, tt.want, tt.notAccepted)
			assert.Contains(t, err.Error(), "connection lost after the request was sent")
			assert.Equal(t, 1, srv.Requests("SendSms"), "the provider never retries")
		})
	}
	t.Run("connection refused", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := l.Addr().String()
		require.NoError(t, l.Close())
		s, err := aliyun.New(aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret,
			Endpoint: "http://" + addr, SignName: "sign", Templates: testTemplates()})
		require.NoError(t, err)
		_, err = s.Send(context.Background(), loginCode())
		requireSMSError(t, err, sms.Unavailable, true)
		assert.True(t, sms.IsRetryable(err))
	})
}

func TestNeverRetries(t *testing.T) {
	for _, kind := range []aliyuntest.FaultKind{aliyuntest.FaultSystemError, aliyuntest.FaultThrottling} {
		srv := newEmulator(t, aliyuntest.Options{})
		s := newSender(t, srv, nil)
		srv.QueueFault(aliyuntest.Fault{Kind: kind})
		_, err := s.Send(context.Background(), loginCode())
		require.Error(t, err)
		assert.Equal(t, 1, srv.Requests("SendSms"), kind.String())
	}
}

// testCredentials is a credentials provider of the caller's (Options.
// Credentials) whose GetCredentials the SDK calls while signing, right
// next to its signature nonce. It records the depth of the stack it is
// called on and, when block is set, waits for block to close after
// signalling entered.
type testCredentials struct {
	deepest atomic.Int32
	entered chan struct{}
	block   chan struct{}
}

func (c *testCredentials) GetCredentials() (*credentials.Credentials, error) {
	pcs := make([]uintptr, 1024)
	if n := int32(runtime.Callers(0, pcs)); n > c.deepest.Load() {
		c.deepest.Store(n)
	}
	if c.block != nil {
		c.entered <- struct{}{}
		<-c.block
	}
	return &credentials.Credentials{AccessKeyId: testKeyID, AccessKeySecret: testKeySecret, ProviderName: "test"}, nil
}

func (c *testCredentials) GetProviderName() string { return "test" }

//go:noinline
func callAtDepth(depth int, f func()) {
	if depth > 0 {
		callAtDepth(depth-1, f)
		return
	}
	f()
}

// TestSDKCallsRunShallow checks issue #10's first point: the SDK signs a
// request, and walks the stack for its nonce, on a goroutine whose stack
// does not grow with the caller's.
func TestSDKCallsRunShallow(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	creds := &testCredentials{}
	s := newSender(t, srv, func(o *aliyun.Options) {
		o.AccessKeyID, o.AccessKeySecret, o.Credentials = "", "", creds
	})
	callAtDepth(300, func() {
		_, err := s.Send(context.Background(), loginCode())
		require.NoError(t, err)
	})
	assert.Less(t, creds.deepest.Load(), int32(40), "frames under the SDK's signing, called 300 frames deep")
}

// TestCanceledWhileSigning checks that the caller's context ends a send at
// once even while the SDK waits for credentials, which take no context.
func TestCanceledWhileSigning(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	creds := &testCredentials{entered: make(chan struct{}, 1), block: make(chan struct{})}
	s := newSender(t, srv, func(o *aliyun.Options) {
		o.AccessKeyID, o.AccessKeySecret, o.Credentials = "", "", creds
	})
	defer close(creds.block)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := s.Send(ctx, loginCode())
		done <- err
	}()
	<-creds.entered
	cancel()
	select {
	case err := <-done:
		requireSMSError(t, err, sms.Canceled, true)
	case <-time.After(10 * time.Second): // only a failing test waits this long
		t.Fatal("Send did not return when its context was canceled")
	}
}

// TestNilContext checks issue #8.9: a nil context is refused, not a panic.
func TestNilContext(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	s := newSender(t, srv, nil)
	var ctx context.Context // nil, as a caller might pass by mistake
	_, err := s.Send(ctx, loginCode())
	e := requireSMSError(t, err, sms.InvalidArgument, true)
	assert.Contains(t, e.Message, "nil context.Context")
	_, err = s.Status(ctx, sms.StatusQuery{To: testNumber, MessageID: "900619746936498440^0"})
	e = requireSMSError(t, err, sms.InvalidArgument, true)
	assert.Contains(t, e.Message, "nil context.Context")
	assert.Zero(t, srv.Requests("SendSms")+srv.Requests("QuerySendDetails"))
}

// TestNoProxyEnvironment checks that NO_PROXY, which the SDK compiles as
// regular expressions on every call to choose a proxy the Sender does not
// use, neither costs nor fails a send, even when an entry does not compile.
func TestNoProxyEnvironment(t *testing.T) {
	t.Setenv("NO_PROXY", "(")
	srv := newEmulator(t, aliyuntest.Options{})
	s := newSender(t, srv, nil)
	_, err := s.Send(context.Background(), loginCode())
	require.NoError(t, err)
}
