package aliyun_test

import (
	"context"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatus(t *testing.T) {
	clk := newClock()
	srv := newEmulator(t, aliyuntest.Options{
		Now:          clk.Now,
		MaxClockSkew: 24 * time.Hour,
		Limits:       aliyuntest.Limits{Disabled: true},
		Receipt: func(m aliyuntest.Message) aliyuntest.Receipt {
			return aliyuntest.Receipt{Delay: time.Minute, Failed: m.PhoneNumber == "13900000002", ErrCode: "IC:0015"}
		},
	})
	s := newSender(t, srv, func(o *aliyun.Options) { o.Now = clk.Now })
	var checker sms.StatusChecker = s

	send := func(to string) sms.Result {
		res, err := s.Send(context.Background(), sms.Message{To: to, Template: "login_code", Params: map[string]string{"code": "1234"}})
		require.NoError(t, err)
		return res
	}
	delivered := send("+8613900000001")
	failed := send("+8613900000002")
	sentAt := clk.Now()

	st, err := checker.Status(context.Background(), sms.StatusQuery{MessageID: delivered.MessageID, To: "+8613900000001"})
	require.NoError(t, err)
	assert.Equal(t, sms.StatePending, st.State)
	assert.Equal(t, aliyun.Name, st.Provider)
	assert.Equal(t, delivered.MessageID, st.MessageID)
	assert.WithinDuration(t, sentAt, st.SentAt, time.Second)
	assert.True(t, st.DoneAt.IsZero())

	clk.Advance(2 * time.Minute)
	st, err = checker.Status(context.Background(), sms.StatusQuery{MessageID: delivered.MessageID, To: "+8613900000001", SentAt: sentAt})
	require.NoError(t, err)
	assert.Equal(t, sms.StateDelivered, st.State)
	assert.Equal(t, "DELIVERED", st.ProviderCode)
	assert.WithinDuration(t, sentAt.Add(time.Minute), st.DoneAt, time.Second)
	assert.Equal(t, "delivered (DELIVERED)", st.String())

	st, err = checker.Status(context.Background(), sms.StatusQuery{MessageID: failed.MessageID, To: "+8613900000002"})
	require.NoError(t, err)
	assert.Equal(t, sms.StateFailed, st.State)
	assert.Equal(t, "IC:0015", st.ProviderCode)
	assert.False(t, st.DoneAt.IsZero())

	st, err = checker.Status(context.Background(), sms.StatusQuery{MessageID: "999999^0", To: "+8613900000001"})
	require.NoError(t, err)
	assert.Equal(t, sms.StateNotFound, st.State)
}

func TestStatusFailures(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	s := newSender(t, srv, nil)
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name        string
		ctx         context.Context
		q           sms.StatusQuery
		fault       *aliyuntest.Fault
		want        sms.Code
		notAccepted bool
	}{
		{"invalid number", context.Background(), sms.StatusQuery{MessageID: "1^0", To: "123"}, nil, sms.InvalidArgument, true},
		{"no message id", context.Background(), sms.StatusQuery{To: testNumber}, nil, sms.InvalidArgument, true},
		{"canceled", canceled, sms.StatusQuery{MessageID: "1^0", To: testNumber}, nil, sms.Canceled, true},
		{"throttled", context.Background(), sms.StatusQuery{MessageID: "1^0", To: testNumber},
			&aliyuntest.Fault{Kind: aliyuntest.FaultThrottling}, sms.RateLimited, true},
		{"outage", context.Background(), sms.StatusQuery{MessageID: "1^0", To: testNumber},
			&aliyuntest.Fault{Kind: aliyuntest.FaultSystemError}, sms.Unavailable, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.fault != nil {
				srv.QueueFault(*tt.fault)
			}
			_, err := s.Status(tt.ctx, tt.q)
			requireSMSError(t, err, tt.want, tt.notAccepted)
			requireNoSecrets(t, err, testNumber, "13800138000", testKeyID, testKeySecret)
		})
	}
}
