package aliyun_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrorMapping sends through the SDK to the emulator answering each code
// of ALIYUN.md, as a business error (HTTP 200) and as a gateway error.
func TestErrorMapping(t *testing.T) {
	const (
		accepted    = false
		notAccepted = true
	)
	tests := []struct {
		code        string
		message     string
		want        sms.Code
		notAccepted bool
		retryAfter  time.Duration
	}{
		{"isv.MOBILE_NUMBER_ILLEGAL", "", sms.InvalidArgument, notAccepted, 0},
		{"isv.MOBILE_COUNT_OVER_LIMIT", "", sms.InvalidArgument, notAccepted, 0},
		{"isv.TEMPLATE_MISSING_PARAMETERS", "", sms.InvalidArgument, notAccepted, 0},
		{"isv.INVALID_PARAMETERS", "", sms.InvalidArgument, notAccepted, 0},
		{"isv.INVALID_JSON_PARAM", "", sms.InvalidArgument, notAccepted, 0},
		{"isv.PARAM_LENGTH_LIMIT", "", sms.InvalidArgument, notAccepted, 0},
		{"isv.PARAM_NOT_SUPPORT_URL", "", sms.InvalidArgument, notAccepted, 0},
		{"isv.TEMPLATE_PARAMS_ILLEGAL", "", sms.InvalidArgument, notAccepted, 0},
		{"isv.BLACK_KEY_CONTROL_LIMIT", "", sms.InvalidArgument, notAccepted, 0},
		{"isv.EXTEND_CODE_ERROR", "", sms.InvalidArgument, notAccepted, 0},
		{"isv.DOMESTIC_NUMBER_NOT_SUPPORTED", "", sms.InvalidArgument, notAccepted, 0},
		{"isv.SMS_CONTENT_ILLEGAL", "", sms.InvalidArgument, notAccepted, 0},
		{"isv.SMS_TEMPLATE_ILLEGAL", "", sms.PermissionDenied, notAccepted, 0},
		{"isv.SMS_SIGNATURE_ILLEGAL", "", sms.PermissionDenied, notAccepted, 0},
		{"isv.SMS_SIGN_ILLEGAL", "", sms.PermissionDenied, notAccepted, 0},
		{"isv.SIGN_STATE_ILLEGAL", "", sms.PermissionDenied, notAccepted, 0},
		{"isv.SMS_SIGNATURE_SCENE_ILLEGAL", "", sms.PermissionDenied, notAccepted, 0},
		{"isp.RAM_PERMISSION_DENY", "", sms.PermissionDenied, notAccepted, 0},
		{"isv.DENY_IP_RANGE", "", sms.PermissionDenied, notAccepted, 0},
		{"SignatureDoesNotMatch", "", sms.PermissionDenied, notAccepted, 0},
		{"InvalidAccessKeyId.NotFound", "", sms.PermissionDenied, notAccepted, 0},
		{"isv.ACCOUNT_NOT_EXISTS", "", sms.PermissionDenied, notAccepted, 0},
		{"isv.ACCOUNT_ABNORMAL", "", sms.PermissionDenied, notAccepted, 0},
		{"isv.PRODUCT_UN_SUBSCRIPT", "", sms.PermissionDenied, notAccepted, 0},
		{"isv.PRODUCT_UNSUBSCRIBE", "", sms.PermissionDenied, notAccepted, 0},
		{"InvalidTimeStamp.Expired", "", sms.PermissionDenied, notAccepted, 0},
		{"isv.AMOUNT_NOT_ENOUGH", "", sms.QuotaExceeded, notAccepted, 0},
		{"isv.OUT_OF_SERVICE", "", sms.QuotaExceeded, notAccepted, 0},
		{"isv.DAY_LIMIT_CONTROL", "", sms.QuotaExceeded, notAccepted, 0},
		{"isv.MONTH_LIMIT_CONTROL", "", sms.QuotaExceeded, notAccepted, 0},
		{"isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1", sms.RateLimited, notAccepted, time.Minute},
		{"isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5", sms.RateLimited, notAccepted, time.Hour},
		{"isv.BUSINESS_LIMIT_CONTROL", "触发天级流控Permits:10", sms.RateLimited, notAccepted, 24 * time.Hour},
		{"isv.BUSINESS_LIMIT_CONTROL", "unreadable", sms.RateLimited, notAccepted, time.Minute},
		{"Throttling", "", sms.RateLimited, notAccepted, 0},
		{"Throttling.User", "", sms.RateLimited, notAccepted, 0},
		{"Throttling.Api", "", sms.RateLimited, notAccepted, 0},
		{"isp.SYSTEM_ERROR", "", sms.Unavailable, notAccepted, 0},
		{"isp.GATEWAY_ERROR", "", sms.Unavailable, notAccepted, 0},
		{"ServiceUnavailable", "", sms.Unavailable, notAccepted, 0},
		{"SignatureNonceUsed", "", sms.Unknown, accepted, 0},
		{"isv.SOMETHING_NEW", "", sms.Unknown, notAccepted, 0},
	}
	srv := newEmulator(t, aliyuntest.Options{})
	s := newSender(t, srv, nil)
	for _, status := range []int{http.StatusOK, http.StatusBadRequest} {
		for _, tt := range tests {
			t.Run(http.StatusText(status)+"/"+tt.code, func(t *testing.T) {
				srv.InjectFault(aliyuntest.Fault{Kind: aliyuntest.FaultError, Code: tt.code, Message: tt.message, Status: status})
				_, err := s.Send(context.Background(), loginCode())
				e := requireSMSError(t, err, tt.want, tt.notAccepted)
				assert.Equal(t, tt.code, e.ProviderCode)
				assert.NotEmpty(t, e.RequestID)
				assert.Equal(t, tt.retryAfter, e.RetryAfter)
				assert.Equal(t, tt.code == "isv.BUSINESS_LIMIT_CONTROL", e.PerRecipient, "only the per-number limit is per recipient")
				api, ok := errors.AsType[*aliyun.APIError](err)
				require.True(t, ok)
				assert.Equal(t, status, api.HTTPStatus)
				assert.Equal(t, tt.code, api.Code)
				assert.Equal(t, e.RequestID, api.RequestID)
			})
		}
	}
	require.Empty(t, srv.Messages())
}

func TestServerErrorsAreUnavailable(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		srv := newEmulator(t, aliyuntest.Options{})
		s := newSender(t, srv, nil)
		srv.InjectFault(aliyuntest.Fault{Kind: aliyuntest.FaultSystemError, Status: status})
		_, err := s.Send(context.Background(), loginCode())
		requireSMSError(t, err, sms.Unavailable, true)
		assert.True(t, sms.IsRetryable(err))

		srv.InjectFault(aliyuntest.Fault{Kind: aliyuntest.FaultError, Status: status, Code: "NotAnAliyunCode"})
		_, err = s.Send(context.Background(), loginCode())
		requireSMSError(t, err, sms.Unavailable, true)
	}
}

// TestFrequencyLimit meets the emulator's real per-number limits.
func TestFrequencyLimit(t *testing.T) {
	clk := newClock()
	srv := newEmulator(t, aliyuntest.Options{Now: clk.Now, MaxClockSkew: 24 * time.Hour})
	s := newSender(t, srv, nil)
	_, err := s.Send(context.Background(), loginCode())
	require.NoError(t, err)
	_, err = s.Send(context.Background(), loginCode())
	e := requireSMSError(t, err, sms.RateLimited, true)
	assert.Equal(t, time.Minute, e.RetryAfter)
	assert.Equal(t, "isv.BUSINESS_LIMIT_CONTROL", e.ProviderCode)
	assert.True(t, sms.IsRetryable(err))

	for range 4 {
		clk.Advance(time.Minute)
		_, err = s.Send(context.Background(), loginCode())
		require.NoError(t, err)
	}
	clk.Advance(time.Minute)
	_, err = s.Send(context.Background(), loginCode())
	e = requireSMSError(t, err, sms.RateLimited, true)
	assert.Equal(t, time.Hour, e.RetryAfter)
}

// TestOddAnswers covers answers the emulator never gives.
func TestOddAnswers(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		body        string
		want        sms.Code
		notAccepted bool
	}{
		{"200 without a code", 200, `{"RequestId":"R1"}`, sms.Unknown, false},
		{"200 that is not JSON", 200, `<html>oops</html>`, sms.Unknown, false},
		// A gateway's page, not Aliyun's API: it may have passed the request on.
		{"502 that is not JSON", 502, `<html>bad gateway</html>`, sms.Unknown, false},
		{"504 that is not JSON", 504, `<html>gateway timeout</html>`, sms.Unknown, false},
		{"503 with an Aliyun code", 503, `{"Code":"ServiceUnavailable","RequestId":"R3"}`, sms.Unavailable, true},
		// The SDK panics on a Code that is not a string.
		{"400 with a numeric code", 400, `{"Code":400,"RequestId":"R4"}`, sms.Unknown, false},
		{"500 with a numeric request id", 500, `{"Code":"isp.SYSTEM_ERROR","RequestId":5}`, sms.Unknown, false},
		{"404 with an unknown code", 404, `{"Code":"InvalidAction.NotFound","RequestId":"R2"}`, sms.Unknown, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			t.Cleanup(h.Close)
			s, err := aliyun.New(aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret,
				Endpoint: h.URL, SignName: "sign"})
			require.NoError(t, err)
			_, err = s.Send(context.Background(), loginCode())
			requireSMSError(t, err, tt.want, tt.notAccepted)
		})
	}
}
