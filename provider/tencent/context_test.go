package tencent_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/tencent/tencenttest"
)

func TestContextChecks(t *testing.T) {
	srv, s := newPair(t, tencenttest.Options{}, nil)
	//lint:ignore SA1012 a nil context is what is tested
	_, err := s.Send(nil, sample())
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = s.Send(ctx, sample())
	assert.Equal(t, sms.Canceled, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
	assert.Zero(t, srv.Requests("SendSms"))
}

// TestCancelWhileHeld: a send whose context ends while Tencent holds the
// request returns at once as Canceled, may have been accepted (the
// request was written), and the held request is then not accepted.
func TestCancelWhileHeld(t *testing.T) {
	srv, s := newPair(t, tencenttest.Options{}, nil)
	arrived, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	srv.QueueFault(tencenttest.Fault{Hold: func(ctx context.Context) {
		close(arrived)
		select {
		case <-release:
		case <-ctx.Done():
		}
	}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := s.Send(ctx, sample())
		done <- err
	}()
	<-arrived
	cancel()
	err := <-done
	assert.Equal(t, sms.Canceled, sms.CodeOf(err), "%v", err)
	assert.False(t, sms.IsNotAccepted(err), "written: may have been accepted")
	assert.Zero(t, srv.Accepted())
}

// TestTimeoutOption: Options.Timeout bounds a call.
func TestTimeoutOption(t *testing.T) {
	srv, s := newPair(t, tencenttest.Options{}, func(o *tencent.Options) { o.Timeout = time.Second })
	srv.QueueFault(tencenttest.Fault{Hold: func(ctx context.Context) { <-ctx.Done() }})
	_, err := s.Send(context.Background(), sample())
	require.Error(t, err)
	assert.False(t, sms.IsNotAccepted(err))
	assert.Zero(t, srv.Accepted())
}

// TestUnreachable: nothing listens: not accepted, Unavailable.
func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	s, err := tencent.New(tencent.Options{SecretID: "id", SecretKey: "key", SmsSdkAppID: "1400000000",
		SignName: "腾讯云", Endpoint: "http://" + addr, Templates: templates})
	require.NoError(t, err)
	_, err = s.Send(context.Background(), sample())
	assert.Equal(t, sms.Unavailable, sms.CodeOf(err), "%v", err)
	assert.True(t, sms.IsNotAccepted(err))
}

// countingTransport counts new connections.
type countingTransport struct {
	base  *http.Transport
	conns atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) {
		if !i.Reused {
			c.conns.Add(1)
		}
	}}
	return c.base.RoundTrip(r.WithContext(httptrace.WithClientTrace(r.Context(), trace)))
}

// TestConnectionReuse: sequential sends share one connection, and 32
// concurrent sends at most 32.
func TestConnectionReuse(t *testing.T) {
	ct := &countingTransport{base: &http.Transport{MaxIdleConnsPerHost: 64}}
	srv, s := newPair(t, tencenttest.Options{Limits: tencenttest.Limits{Disabled: true}},
		func(o *tencent.Options) { o.Transport = ct })
	for range 20 {
		_, err := s.Send(context.Background(), sample())
		require.NoError(t, err)
	}
	assert.Equal(t, int64(1), ct.conns.Load())
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			_, err := s.Send(context.Background(), sample())
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.LessOrEqual(t, ct.conns.Load(), int64(33))
	assert.Equal(t, 52, srv.Accepted())
}

func TestStatus(t *testing.T) {
	srv, s := newPair(t, tencenttest.Options{}, nil)
	msg := sample()
	res, err := s.Send(context.Background(), msg)
	require.NoError(t, err)
	st, err := s.Status(context.Background(), sms.StatusQuery{MessageID: res.MessageID, To: msg.To})
	require.NoError(t, err)
	assert.Equal(t, sms.StateDelivered, st.State)
	assert.Equal(t, "SUCCESS", st.ProviderCode)
	assert.Equal(t, tencent.Name, st.Provider)
	assert.False(t, st.DoneAt.IsZero())

	st, err = s.Status(context.Background(), sms.StatusQuery{MessageID: "2640:1", To: msg.To})
	require.NoError(t, err)
	assert.Equal(t, sms.StateNotFound, st.State)

	_, err = s.Status(context.Background(), sms.StatusQuery{MessageID: "not-an-id", To: msg.To})
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	srv.QueueFault(tencenttest.Fault{Code: "InternalError.Timeout"})
	_, err = s.Status(context.Background(), sms.StatusQuery{MessageID: res.MessageID, To: msg.To})
	require.Error(t, err)
	assert.True(t, sms.IsNotAccepted(err), "a status query sends nothing")
	assert.Equal(t, 3, srv.Requests("PullSmsSendStatusByPhoneNumber"))
}
