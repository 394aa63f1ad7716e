package aliyun_test

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

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
