package aliyuntest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSetReceipt(t *testing.T) {
	srv, clock := realClockServer(t, Options{Receipt: DeliverAfter(time.Hour)})
	client := newSDK(t, TestAccessKeyID, TestAccessKeySecret)
	resp, err := client.SendSms(sdkSendSms(srv, "13800138000,13800138001", `{"code":"1234"}`))
	require.NoError(t, err)
	require.Equal(t, "OK", resp.Code)

	assert.Equal(t, 0, srv.SetReceipt("nope", "", Receipt{Failed: true}))
	assert.Equal(t, 1, srv.SetReceipt(resp.BizId, "+8613800138000", Receipt{Failed: true, ErrCode: "MK:0001"}))
	m, _ := srv.LastMessageTo("13800138000")
	assert.Equal(t, StatusFailed, m.Status)
	assert.Equal(t, "MK:0001", m.ErrCode)
	other, _ := srv.LastMessageTo("13800138001")
	assert.Equal(t, StatusWaiting, other.Status, "the other number keeps its receipt")

	assert.Equal(t, 2, srv.SetReceipt(resp.BizId, "", Receipt{Delay: time.Minute}))
	m, _ = srv.LastMessageTo("13800138000")
	assert.Equal(t, StatusWaiting, m.Status)
	clock.Advance(time.Minute)
	m, _ = srv.LastMessageTo("13800138000")
	assert.Equal(t, StatusDelivered, m.Status)
}
