package alidayu_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/alidayu"
	"github.com/smskit/sms/provider/alidayu/alidayutest"
)

func TestCanceledBeforeSend(t *testing.T) {
	srv, s := newPair(t, alidayutest.Options{}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Send(ctx, codeMessage("+8613800138000"))
	e, ok := errors.AsType[*sms.Error](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, sms.Canceled, e.Code)
	assert.True(t, e.NotAccepted)
	//lint:ignore SA1012 a nil context is what is tested
	_, err = s.Send(nil, codeMessage("+8613800138000"))
	assert.ErrorIs(t, err, sms.ErrNilContext)
	assert.Zero(t, srv.Requests())
}

// hold queues a fault that holds the next request until the server-side
// context ends, and returns a channel closed when it arrived.
func hold(srv *alidayutest.Server) <-chan struct{} {
	arrived := make(chan struct{})
	srv.QueueFault(alidayutest.Fault{Hold: func(ctx context.Context) {
		close(arrived)
		<-ctx.Done()
	}})
	return arrived
}

// TestCanceledMidCall: a send cancelled while the gateway holds it may
// have been accepted.
func TestCanceledMidCall(t *testing.T) {
	srv, s := newPair(t, alidayutest.Options{}, nil)
	arrived := hold(srv)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }()
	_, err := s.Send(ctx, codeMessage("+8613800138000"))
	e, ok := errors.AsType[*sms.Error](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, sms.Canceled, e.Code)
	assert.False(t, e.NotAccepted, "the request was on the wire")
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, srv.Accepted())
}

// TestTimeoutMidCall: the Sender's Timeout ends a held call as
// DeadlineExceeded, which may have been accepted.
func TestTimeoutMidCall(t *testing.T) {
	srv, s := newPair(t, alidayutest.Options{}, func(o *alidayu.Options) { o.Timeout = time.Second })
	hold(srv)
	_, err := s.Send(context.Background(), codeMessage("+8613800138000"))
	e, ok := errors.AsType[*sms.Error](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, sms.DeadlineExceeded, e.Code)
	assert.False(t, e.NotAccepted)
}
