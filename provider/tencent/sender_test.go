package tencent_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/tencent/tencenttest"
)

func TestSendPositionalParams(t *testing.T) {
	srv, s := newPair(t, tencenttest.Options{}, nil)
	res, err := s.Send(context.Background(), sms.Message{To: "13800138000", Template: "shipped",
		Params: map[string]string{"order": "A-17", "name": "张三"}, Reference: "ref-1"})
	require.NoError(t, err)
	assert.Equal(t, tencent.Name, res.Provider)
	assert.NotEmpty(t, res.MessageID)
	assert.NotEmpty(t, res.RequestID)
	m, ok := srv.LastMessageTo("+8613800138000")
	require.True(t, ok)
	assert.Equal(t, []string{"张三", "A-17"}, m.Params, "the Text's order")
	assert.Equal(t, "张三，您的订单A-17已发货", m.Text)
	assert.Equal(t, "ref-1", m.SessionContext)
	assert.Equal(t, res.MessageID, m.SerialNo)
	assert.Equal(t, tencenttest.DefaultSignName, m.SignName)
}
