package senderkit

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

func TestOwn(t *testing.T) {
	plain := errors.New("not mapped")
	e := Own(plain, "fake")
	assert.Equal(t, sms.InvalidArgument, e.Code)
	assert.True(t, e.NotAccepted)
	assert.Equal(t, "fake", e.Provider)
	assert.ErrorIs(t, e, plain)
	assert.NotContains(t, e.Error(), "not mapped", "a plain error's text is never printed")

	shared := &sms.Error{Code: sms.PermissionDenied, NotAccepted: true}
	e = Own(shared, "fake")
	assert.Equal(t, sms.PermissionDenied, e.Code)
	assert.Equal(t, "fake", e.Provider)
	assert.Empty(t, shared.Provider, "the error is copied, not changed")
}

func TestCheckContext(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel2()
	var nilCtx context.Context
	tests := []struct {
		name     string
		ctx      context.Context
		wantCode sms.Code
	}{
		{"live", context.Background(), sms.OK},
		{"nil", nilCtx, sms.InvalidArgument},
		{"canceled", canceled, sms.Canceled},
		{"expired", expired, sms.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := CheckContext(tt.ctx, "fake")
			if tt.wantCode == sms.OK {
				assert.Nil(t, e)
				return
			}
			require.NotNil(t, e)
			assert.Equal(t, tt.wantCode, e.Code)
			assert.True(t, e.NotAccepted)
			assert.Equal(t, "fake", e.Provider)
		})
	}
}

func TestAdopt(t *testing.T) {
	boom := errors.New("boom")
	throttled := &sms.Error{Code: sms.RateLimited, NotAccepted: true, RetryAfter: time.Minute}
	named := &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: "aliyun", RequestID: "r-1"}
	fallback := sms.Error{Code: sms.Unknown, Message: "scripted failure"}
	tests := []struct {
		name            string
		err             error
		wantCode        sms.Code
		wantNotAccepted bool
		wantRetryAfter  time.Duration
		wantProvider    string
		wantRequestID   string
	}{
		{name: "sms.Error", err: throttled, wantCode: sms.RateLimited, wantNotAccepted: true, wantRetryAfter: time.Minute, wantProvider: "fake", wantRequestID: "req"},
		{name: "sms.Error naming a provider", err: named, wantCode: sms.Unavailable, wantNotAccepted: true, wantProvider: "aliyun", wantRequestID: "r-1"},
		{name: "plain error", err: boom, wantCode: sms.Unknown, wantProvider: "fake", wantRequestID: "req"},
		{name: "wrapped sms.Error", err: errors.Join(boom, throttled), wantCode: sms.RateLimited, wantNotAccepted: true, wantRetryAfter: time.Minute, wantProvider: "fake", wantRequestID: "req"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Adopt(tt.err, "fake", "req", fallback)
			assert.Equal(t, tt.wantCode, e.Code)
			assert.Equal(t, tt.wantNotAccepted, e.NotAccepted)
			assert.Equal(t, tt.wantRetryAfter, e.RetryAfter)
			assert.Equal(t, tt.wantProvider, e.Provider)
			assert.Equal(t, tt.wantRequestID, e.RequestID)
			assert.ErrorIs(t, e, tt.err)
		})
	}
	assert.Empty(t, throttled.Provider, "never modified")
	assert.Empty(t, throttled.RequestID)
}

func TestCloneMessage(t *testing.T) {
	m := sms.Message{To: "+8613800138000", Params: map[string]string{"code": "1"}}
	c := CloneMessage(m)
	c.Params["code"] = "2"
	assert.Equal(t, "1", m.Params["code"])
	assert.Nil(t, CloneMessage(sms.Message{}).Params)
}

func TestE164(t *testing.T) {
	assert.Equal(t, "+8613800138000", E164("138 0013 8000", "CN"))
	assert.Equal(t, "+12015550123", E164("(201) 555-0123", "US"))
	assert.Equal(t, "not a number", E164("not a number", "CN"))
}
