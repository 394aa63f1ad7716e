package twilio_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// manualContext is a context the test ends by hand, with the error it
// chooses, so that deadline tests never wait for time to pass.
type manualContext struct {
	context.Context
	once sync.Once
	done chan struct{}
	mu   sync.Mutex
	err  error
}

func newManualContext() *manualContext {
	return &manualContext{Context: context.Background(), done: make(chan struct{})}
}

func (c *manualContext) Done() <-chan struct{} { return c.done }

func (c *manualContext) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *manualContext) end(err error) {
	c.once.Do(func() {
		c.mu.Lock()
		c.err = err
		c.mu.Unlock()
		close(c.done)
	})
}

func TestContextEnds(t *testing.T) {
	tests := []struct {
		name            string
		cause           error
		afterWrite      bool
		wantCode        sms.Code
		wantNotAccepted bool
		wantCreated     int
	}{
		{"canceled before write", context.Canceled, false, sms.Canceled, true, 0},
		{"deadline before write", context.DeadlineExceeded, false, sms.DeadlineExceeded, true, 0},
		{"canceled after write", context.Canceled, true, sms.Canceled, false, 1},
		{"deadline after write", context.DeadlineExceeded, true, sms.DeadlineExceeded, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, twiliotest.Options{})
			ctx := newManualContext()
			opts := baseOptions(srv)
			if tt.afterWrite {
				// The server holds the answer until the client goes away.
				srv.QueueFault(twiliotest.Fault{Stall: func(stall context.Context) {
					ctx.end(tt.cause)
					<-stall.Done()
				}})
			} else {
				// The transport is still connecting when the context ends.
				opts.Transport = &http.Transport{DialContext: func(dial context.Context, _, _ string) (net.Conn, error) {
					ctx.end(tt.cause)
					<-dial.Done()
					return nil, dial.Err()
				}}
			}
			_, err := newSender(t, opts).Send(ctx, loginMessage(recipient))
			e, ok := errors.AsType[*sms.Error](err)
			require.True(t, ok, "%v", err)
			assert.Equal(t, tt.wantCode, e.Code)
			assert.Equal(t, tt.wantNotAccepted, e.NotAccepted)
			assert.ErrorIs(t, err, tt.cause)
			assert.Equal(t, "twilio", e.Provider)
			assert.Len(t, srv.Messages(), tt.wantCreated)
		})
	}
}

func TestContextEndedBeforeSend(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	s := newSender(t, baseOptions(srv))
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(1, 0))
	defer cancel2()
	for ctx, want := range map[context.Context]sms.Code{canceled: sms.Canceled, expired: sms.DeadlineExceeded} {
		_, err := s.Send(ctx, loginMessage(recipient))
		assert.Equal(t, want, sms.CodeOf(err))
		assert.True(t, sms.IsNotAccepted(err))
	}
	assert.Zero(t, srv.Requests())
}

func TestTimeoutOption(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	opts := baseOptions(srv)
	opts.Timeout = time.Nanosecond // expired before the request is written
	_, err := newSender(t, opts).Send(context.Background(), loginMessage(recipient))
	assert.Equal(t, sms.DeadlineExceeded, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
	assert.Empty(t, srv.Messages())
}

func TestNegativeTimeoutMeansNoBound(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	opts := baseOptions(srv)
	opts.Timeout = -1
	_, err := newSender(t, opts).Send(context.Background(), loginMessage(recipient))
	require.NoError(t, err)
}
