package sms_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

func TestCodeOf(t *testing.T) {
	providerErr := errors.New("provider said no")
	tests := []struct {
		name string
		err  error
		want sms.Code
	}{
		{"nil", nil, sms.OK},
		{"plain", errors.New("boom"), sms.Unknown},
		{"classified", &sms.Error{Code: sms.QuotaExceeded}, sms.QuotaExceeded},
		{"wrapped classified", fmt.Errorf("send: %w", &sms.Error{Code: sms.RateLimited}), sms.RateLimited},
		{"context canceled", context.Canceled, sms.Canceled},
		{"context deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), sms.DeadlineExceeded},
		{"classified wins over wrapped context", &sms.Error{Code: sms.Unavailable, Err: context.Canceled}, sms.Unavailable},
		{"provider error inside", &sms.Error{Code: sms.PermissionDenied, Err: providerErr}, sms.PermissionDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, sms.CodeOf(tt.err))
		})
	}
}

func TestIsRetryableAndNotAccepted(t *testing.T) {
	tests := []struct {
		name          string
		err           error
		retryable     bool
		notAccepted   bool
		retryAfterWas time.Duration
	}{
		{"nil", nil, false, false, 0},
		{"plain error may have been accepted", errors.New("eof"), false, false, 0},
		{"unavailable not accepted", &sms.Error{Code: sms.Unavailable, NotAccepted: true}, true, true, 0},
		{"unavailable maybe accepted", &sms.Error{Code: sms.Unavailable}, false, false, 0},
		{"rate limited not accepted", &sms.Error{Code: sms.RateLimited, NotAccepted: true, RetryAfter: time.Minute}, true, true, time.Minute},
		{"unknown maybe accepted", &sms.Error{Code: sms.Unknown}, false, false, 0},
		{"invalid argument", &sms.Error{Code: sms.InvalidArgument, NotAccepted: true}, false, true, 0},
		{"permission", &sms.Error{Code: sms.PermissionDenied, NotAccepted: true}, false, true, 0},
		{"quota", &sms.Error{Code: sms.QuotaExceeded, NotAccepted: true}, false, true, 0},
		{"canceled before write", sms.ContextError(context.Canceled, true), false, true, 0},
		{"deadline after write", sms.ContextError(context.DeadlineExceeded, false), false, false, 0},
		{"wrapped", fmt.Errorf("a: %w", &sms.Error{Code: sms.Unavailable, NotAccepted: true}), true, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.retryable, sms.IsRetryable(tt.err), "IsRetryable")
			assert.Equal(t, tt.notAccepted, sms.IsNotAccepted(tt.err), "IsNotAccepted")
			assert.Equal(t, tt.retryAfterWas, sms.RetryAfterOf(tt.err), "RetryAfterOf")
		})
	}
}

func TestContextError(t *testing.T) {
	e := sms.ContextError(context.DeadlineExceeded, true)
	assert.Equal(t, sms.DeadlineExceeded, e.Code)
	assert.ErrorIs(t, e, context.DeadlineExceeded)
	e = sms.ContextError(fmt.Errorf("w: %w", context.Canceled), false)
	assert.Equal(t, sms.Canceled, e.Code)
	assert.False(t, e.NotAccepted)
}

func TestErrorText(t *testing.T) {
	secret := errors.New("GET https://dysmsapi.aliyuncs.com/?AccessKeyId=LTAIsecret&Signature=abc")
	tests := []struct {
		name string
		err  *sms.Error
		want string
	}{
		{"minimal", &sms.Error{Code: sms.Unknown}, "sms: unknown (may have been accepted)"},
		{"full", &sms.Error{
			Code: sms.RateLimited, NotAccepted: true, Provider: "aliyun",
			ProviderCode: "isv.BUSINESS_LIMIT_CONTROL", RequestID: "req-1",
			RetryAfter: time.Minute, Message: "minute limit reached", Err: secret,
		}, "sms: aliyun: rate limited: minute limit reached (isv.BUSINESS_LIMIT_CONTROL, request req-1, retry after 1m0s, not accepted)"},
		{"never prints the wrapped error", &sms.Error{Code: sms.Unavailable, Provider: "aliyun", Err: secret},
			"sms: aliyun: unavailable (may have been accepted)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
	var target *sms.Error
	assert.True(t, errors.As(fmt.Errorf("w: %w", &sms.Error{Err: secret}), &target))
	assert.ErrorIs(t, target, secret, "errors.Is reaches the provider's own error")
}

func TestCodeString(t *testing.T) {
	for c := sms.OK; c <= sms.DeadlineExceeded; c++ {
		assert.NotContains(t, c.String(), "code(", "code %d has no name", int(c))
	}
	assert.Equal(t, "code(42)", sms.Code(42).String())
	assert.Equal(t, "code(-1)", sms.Code(-1).String())
}

func TestWithProvider(t *testing.T) {
	orig := &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Message: "bad number"}
	got := sms.WithProvider(fmt.Errorf("w: %w", orig), "aliyun")
	e, ok := errors.AsType[*sms.Error](got)
	require.True(t, ok)
	assert.Equal(t, "aliyun", e.Provider)
	assert.Equal(t, sms.InvalidArgument, e.Code)
	assert.True(t, e.NotAccepted)
	assert.Empty(t, orig.Provider, "the original is not modified")

	plain := errors.New("plain")
	assert.Same(t, plain, sms.WithProvider(plain, "aliyun"))
	assert.NoError(t, sms.WithProvider(nil, "aliyun"))
}
