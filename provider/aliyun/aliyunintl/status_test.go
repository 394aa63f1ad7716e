package aliyunintl_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/provider/aliyun/aliyunintl"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

func TestStatus(t *testing.T) {
	clock := testclock.New(time.Now().UTC().Truncate(time.Second))
	srv := aliyuntest.NewServer(aliyuntest.Options{Now: clock.Now, Receipt: func(m aliyuntest.Message) aliyuntest.Receipt {
		return aliyuntest.Receipt{Delay: time.Minute, Failed: strings.Contains(m.Content, "fail"), ErrCode: "IC:0015"}
	}})
	t.Cleanup(srv.Close)
	s, err := aliyunintl.New(aliyunintl.Options{AccessKeyID: aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret, Endpoint: srv.URL})
	require.NoError(t, err)
	t.Cleanup(s.CloseIdleConnections)
	ctx := context.Background()

	ok, err := s.Send(ctx, sms.Message{To: "+6591234567", Body: "hello"})
	require.NoError(t, err)
	bad, err := s.Send(ctx, sms.Message{To: "+6591234567", Body: "will fail"})
	require.NoError(t, err)

	st, err := s.Status(ctx, sms.StatusQuery{MessageID: ok.MessageID})
	require.NoError(t, err)
	assert.Equal(t, sms.StatePending, st.State)
	assert.Equal(t, aliyunintl.Name, st.Provider)
	assert.Equal(t, clock.Now().Unix(), st.SentAt.Unix())

	clock.Advance(2 * time.Minute)
	st, err = s.Status(ctx, sms.StatusQuery{MessageID: ok.MessageID})
	require.NoError(t, err)
	assert.Equal(t, sms.StateDelivered, st.State)
	assert.Equal(t, "DELIVERED", st.ProviderCode)
	assert.False(t, st.DoneAt.IsZero())

	st, err = s.Status(ctx, sms.StatusQuery{MessageID: bad.MessageID})
	require.NoError(t, err)
	assert.Equal(t, sms.StateFailed, st.State)
	assert.Equal(t, "IC:0015", st.ProviderCode)

	st, err = s.Status(ctx, sms.StatusQuery{MessageID: "123"})
	require.NoError(t, err)
	assert.Equal(t, sms.StateNotFound, st.State)

	_, err = s.Status(ctx, sms.StatusQuery{MessageID: "12^0"})
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	assert.Equal(t, 4, srv.Requests(aliyuntest.ActionQueryMessage))

	srv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultThrottling})
	_, err = s.Status(ctx, sms.StatusQuery{MessageID: ok.MessageID})
	assert.Equal(t, sms.RateLimited, sms.CodeOf(err))
	var e *sms.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, aliyunintl.Name, e.Provider)
}
