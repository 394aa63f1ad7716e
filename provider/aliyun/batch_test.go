package aliyun_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// batchOf returns n notify recipients 1380000xxxx, each with its own params.
func batchOf(n int) sms.Batch {
	b := sms.Batch{Template: "notify", Reference: "run-1"}
	for i := range n {
		b.Recipients = append(b.Recipients, sms.Recipient{
			To:     fmt.Sprintf("+86138%08d", i),
			Params: map[string]string{"name": fmt.Sprintf("客户%d", i), "code": fmt.Sprintf("A%d", i)},
		})
	}
	return b
}

func TestSendBatchChunksKeepArraysInStep(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{Limits: aliyuntest.Limits{Disabled: true},
		Signs: []string{aliyuntest.DefaultSignName, "其他签名"}})
	s := newSender(t, srv, func(o *aliyun.Options) {
		o.Templates[1].Text = "尊敬的${name}，您的订单${code}已发货" // declared text: params checked before the call
	})
	b := batchOf(250)
	b.Recipients[7].Sign = "其他签名"
	b.Recipients[42].To = "+8612"                            // bad number: refused alone
	b.Recipients[43].Params = map[string]string{"name": "x"} // missing param: refused alone
	bs, ok := sms.As[sms.BatchSender](s)
	require.True(t, ok)
	assert.Equal(t, 100, bs.BatchLimit())
	res, err := bs.SendBatch(context.Background(), b)
	require.NoError(t, err)
	require.Len(t, res, 250)
	assert.Equal(t, 3, srv.Requests("SendBatchSms"), "248 good recipients: calls of 100, 100, 48")
	for i, r := range res {
		if i == 42 || i == 43 {
			requireSMSError(t, r.Err, sms.InvalidArgument, true)
			assert.Empty(t, srv.MessagesTo(b.Recipients[i].To))
			continue
		}
		require.NoError(t, r.Err, i)
		assert.Equal(t, aliyun.Name, r.Result.Provider)
		msgs := srv.MessagesTo(b.Recipients[i].To)
		require.Len(t, msgs, 1, i)
		assert.Equal(t, r.Result.MessageID, msgs[0].BizID)
		assert.Equal(t, b.Recipients[i].Params, msgs[0].Params, i)
		assert.Equal(t, "run-1", msgs[0].OutID)
		if i == 7 {
			assert.Equal(t, "其他签名", msgs[0].SignName)
		} else {
			assert.Equal(t, aliyuntest.DefaultSignName, msgs[0].SignName)
		}
	}
	assert.NotEqual(t, res[0].Result.MessageID, res[102].Result.MessageID, "one BizId per call: 0-101 in the first (42 and 43 refused), 102 on in the second")
	assert.Equal(t, res[0].Result.MessageID, res[101].Result.MessageID)
}

func TestSendBatchFailureReachesEveryRecipientOfTheCall(t *testing.T) {
	tests := []struct {
		name        string
		fault       aliyuntest.Fault
		code        sms.Code
		notAccepted bool
	}{
		{"dropped after accepting", aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept}, sms.Unknown, false},
		{"dropped before accepting", aliyuntest.Fault{Kind: aliyuntest.FaultDropBeforeAccept}, sms.Unknown, false},
		{"throttled", aliyuntest.Fault{Kind: aliyuntest.FaultThrottling}, sms.RateLimited, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newEmulator(t, aliyuntest.Options{Limits: aliyuntest.Limits{Disabled: true}})
			s := newSender(t, srv, nil)
			b := batchOf(150)
			srv.QueueFault(tt.fault) // the first call (recipients 0-99) only
			res, err := s.SendBatch(context.Background(), b)
			require.NoError(t, err)
			for i, r := range res {
				if i >= 100 {
					require.NoError(t, r.Err)
					continue
				}
				e := requireSMSError(t, r.Err, tt.code, tt.notAccepted)
				requireNoSecrets(t, e, b.Recipients[i].To, b.Recipients[i].To[3:], b.Recipients[i].Params["name"])
			}
		})
	}
}

func TestSendBatchRefusesTheWholeBatch(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	s := newSender(t, srv, nil)
	_, err := s.SendBatch(context.Background(), sms.Batch{Template: "notify"})
	requireSMSError(t, err, sms.InvalidArgument, true)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = s.SendBatch(ctx, batchOf(3))
	requireSMSError(t, err, sms.Canceled, true)
	assert.Zero(t, srv.Requests("SendBatchSms"))
}
