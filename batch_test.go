package sms_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBatchSenderFoundThroughWrappers(t *testing.T) {
	f := fake.MustNew(fake.Options{})
	stacked := middleware.Stack(middleware.StackOptions{})(f)
	bs, ok := sms.As[sms.BatchSender](stacked)
	require.True(t, ok)
	assert.Same(t, f, bs)
	_, ok = sms.As[sms.BatchSender](sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		return sms.Result{}, nil
	}))
	assert.False(t, ok)
}

func TestCheckBatch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		n    int
		code sms.Code
	}{
		{"ok", context.Background(), 1, sms.OK},
		{"max", context.Background(), sms.MaxBatchRecipients, sms.OK},
		{"empty", context.Background(), 0, sms.InvalidArgument},
		{"too many", context.Background(), sms.MaxBatchRecipients + 1, sms.InvalidArgument},
		{"nil context", nil, 1, sms.InvalidArgument},
		{"cancelled", ctx, 1, sms.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := sms.CheckBatch(tt.ctx, sms.Batch{Recipients: make([]sms.Recipient, tt.n)}, "p")
			assert.Equal(t, tt.code, sms.CodeOf(err))
			if err != nil {
				assert.True(t, sms.IsNotAccepted(err))
				assert.Contains(t, err.Error(), "sms: p: ")
			}
		})
	}
}

func TestRecipientStringHidesNumberAndParams(t *testing.T) {
	r := sms.Recipient{To: "+8613800138000", Params: map[string]string{"code": "123456"}}
	for _, s := range []string{r.String(), fmt.Sprintf("%v %+v %#v", r, r, r)} {
		assert.NotContains(t, s, "13800138000")
		assert.NotContains(t, s, "123456")
	}
}
