package aliyun_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
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
				srv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultError, Code: tt.code, Message: tt.message, Status: status})
				_, err := s.Send(context.Background(), loginCode())
				e := requireSMSError(t, err, tt.want, tt.notAccepted)
				assert.Equal(t, tt.code, e.ProviderCode)
				// The request id is kept unless it happens to hold four
				// digits of the number (about one answer in 500): see
				// TestAnswersOfAliyunsShape for a fixed one.
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
		srv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultSystemError, Status: status})
		_, err := s.Send(context.Background(), loginCode())
		requireSMSError(t, err, sms.Unavailable, true)
		assert.True(t, sms.IsRetryable(err))

		srv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultError, Status: status, Code: "NotAnAliyunCode"})
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

// answerServer is a server that answers every request with status and
// body.
func answerServer(t *testing.T, status int, body string) *aliyun.Sender {
	t.Helper()
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status >= 300 && status < 400 {
			w.Header().Set("Location", "/elsewhere")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(h.Close)
	s, err := aliyun.New(aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret,
		Endpoint: h.URL, SignName: "sign", Templates: testTemplates()})
	require.NoError(t, err)
	t.Cleanup(s.CloseIdleConnections)
	return s
}

// statuses are the HTTP statuses an answer may come with.
var statuses = []int{200, 201, 204, 302, 400, 403, 404, 500, 502, 503, 504}

// TestAnswersOfAliyunsShape: an answer of the API's own shape is classified
// by its code, whatever HTTP status carries it (the status only picks
// Unavailable for an unknown code under 5xx); "OK" is success under 200
// only.
func TestAnswersOfAliyunsShape(t *testing.T) {
	const id = "F655A8D5-B967-440B-8683-DAD6FF8DE990"
	for _, status := range []int{200, 400, 403, 404, 500, 503} {
		for _, tt := range []struct {
			code        string
			want        sms.Code
			notAccepted bool
		}{
			{"isv.MOBILE_NUMBER_ILLEGAL", sms.InvalidArgument, true},
			{"Throttling.User", sms.RateLimited, true},
			{"isp.SYSTEM_ERROR", sms.Unavailable, true},
			{"SignatureNonceUsed", sms.Unknown, false},
			{"SignatureDoesNotMatch", sms.PermissionDenied, true},
		} {
			t.Run(strconv.Itoa(status)+"/"+tt.code, func(t *testing.T) {
				s := answerServer(t, status, `{"Code":"`+tt.code+`","Message":"x","RequestId":"`+id+`"}`)
				_, err := s.Send(context.Background(), loginCode())
				e := requireSMSError(t, err, tt.want, tt.notAccepted)
				assert.Equal(t, tt.code, e.ProviderCode)
				assert.Equal(t, id, e.RequestID)
			})
		}
		t.Run(strconv.Itoa(status)+"/unknown code", func(t *testing.T) {
			s := answerServer(t, status, `{"Code":"isv.SOMETHING_NEW","RequestId":"`+id+`"}`)
			_, err := s.Send(context.Background(), loginCode())
			want := sms.Unknown
			if status >= 500 {
				want = sms.Unavailable
			}
			requireSMSError(t, err, want, true)
		})
	}
	s := answerServer(t, 200, `{"Code":"OK","BizId":"900619746936498440^0","RequestId":"`+id+`"}`)
	res, err := s.Send(context.Background(), loginCode())
	require.NoError(t, err)
	assert.Equal(t, sms.Result{Provider: aliyun.Name, MessageID: "900619746936498440^0", RequestID: id}, res)
}

// TestAnswersNotOfAliyunsShape: an answer that is not the API's own shape
// comes from something else on the way, which may have passed the request
// on: under any status it is never success and never "not accepted". The
// same body is classified the same under every status.
func TestAnswersNotOfAliyunsShape(t *testing.T) {
	bodies := map[string]string{
		"not JSON":                `<html>bad gateway</html>`,
		"empty":                   ``,
		"JSON array":              `["OK"]`,
		"JSON null":               `null`,
		"no code":                 `{"RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990"}`,
		"empty code":              `{"Code":""}`,
		"numeric code":            `{"Code":400,"RequestId":"R4"}`,
		"object code":             `{"Code":{"x":1}}`,
		"numeric request id":      `{"Code":"isp.SYSTEM_ERROR","RequestId":5}`,
		"numeric message":         `{"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":7}`,
		"truncated":               `{"Code":"OK","BizId":"9006197469`,
		"OK with a numeric BizId": `{"Code":"OK","BizId":900619746936498440}`,
		"huge":                    `{"Code":"OK","BizId":"1^0","Message":"` + strings.Repeat("x", 70000) + `"}`,
	}
	for name, body := range bodies {
		for _, status := range statuses {
			t.Run(name+"/"+strconv.Itoa(status), func(t *testing.T) {
				s := answerServer(t, status, body)
				_, err := s.Send(context.Background(), loginCode())
				e := requireSMSError(t, err, sms.Unknown, false)
				assert.Empty(t, e.ProviderCode)
				assert.Empty(t, e.RequestID, "nothing of an answer not Aliyun's is quoted")
				// Some bodies make the SDK panic (non-string fields of a
				// 4xx/5xx answer) and a redirect is followed by the SDK's
				// http.Client: those end in the SDK's path, with the
				// same classification and other words.
			})
		}
	}
	// An OK under any status but 200 is not Aliyun's either: a redirect or
	// an error page that says OK never makes a success.
	for _, status := range statuses {
		if status == 200 {
			continue
		}
		t.Run("OK/"+strconv.Itoa(status), func(t *testing.T) {
			s := answerServer(t, status, `{"Code":"OK","BizId":"900619746936498440^0","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990"}`)
			_, err := s.Send(context.Background(), loginCode())
			requireSMSError(t, err, sms.Unknown, false)
		})
	}
}

// TestOKWithoutBizID: Aliyun said OK, so the message was probably sent, but
// without a usable BizId there is no MessageID to find it by: an Unknown
// error that may have been accepted, with Aliyun's code and request id.
func TestOKWithoutBizID(t *testing.T) {
	const id = "F655A8D5-B967-440B-8683-DAD6FF8DE990"
	for name, body := range map[string]string{
		"no BizId":        `{"Code":"OK","RequestId":"` + id + `"}`,
		"empty BizId":     `{"Code":"OK","BizId":"","RequestId":"` + id + `"}`,
		"malformed BizId": `{"Code":"OK","BizId":"9006 1974","RequestId":"` + id + `"}`,
		"huge BizId":      `{"Code":"OK","BizId":"` + strings.Repeat("9", 65) + `","RequestId":"` + id + `"}`,
	} {
		t.Run(name, func(t *testing.T) {
			s := answerServer(t, 200, body)
			res, err := s.Send(context.Background(), loginCode())
			assert.Zero(t, res)
			e := requireSMSError(t, err, sms.Unknown, false)
			assert.Equal(t, "OK", e.ProviderCode)
			assert.Equal(t, id, e.RequestID)
			assert.Contains(t, err.Error(), "no usable BizId: it was probably sent")
			assert.False(t, sms.IsRetryable(err))
		})
	}
}

// TestCredentialErrorsSayWhichToCheck: a wrong secret and an unknown key
// name the credential to check.
func TestCredentialErrorsSayWhichToCheck(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	wrongSecret := newSender(t, srv, func(o *aliyun.Options) { o.AccessKeySecret += "x" })
	_, err := wrongSecret.Send(context.Background(), loginCode())
	requireSMSError(t, err, sms.PermissionDenied, true)
	assert.Contains(t, err.Error(), "check the AccessKey secret (Options.AccessKeySecret or ALIBABA_CLOUD_ACCESS_KEY_SECRET)")
	assert.Contains(t, err.Error(), "SignatureDoesNotMatch")
	assert.NotContains(t, err.Error(), "string to sign", "Aliyun's message quotes the request: withheld")

	unknownKey := newSender(t, srv, func(o *aliyun.Options) { o.AccessKeyID = "LTAIunknownKey99" })
	_, err = unknownKey.Send(context.Background(), loginCode())
	requireSMSError(t, err, sms.PermissionDenied, true)
	assert.Contains(t, err.Error(), "AccessKey ID not found: check the AccessKey ID (Options.AccessKeyID or ALIBABA_CLOUD_ACCESS_KEY_ID)")
	assert.NotContains(t, err.Error(), "LTAIunknownKey99")
}
