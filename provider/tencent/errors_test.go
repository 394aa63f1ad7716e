package tencent_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/tencent/tencenttest"
	"github.com/smskit/sms/route"
)

// sample is a mainland verification message.
func sample() sms.Message {
	return sms.Message{To: "+8613800138000", Template: "code", Params: map[string]string{"code": "472913"}}
}

// TestClassification: every kind of Tencent answer, as a whole-request
// Error and as one number's SendStatusSet code, gets its class: code,
// acceptance, per-recipient, and whether a router fails over.
func TestClassification(t *testing.T) {
	cases := []struct {
		code         string
		want         sms.Code
		notAccepted  bool
		perRecipient bool
		retryAfter   time.Duration
		failOver     bool
	}{
		{"LimitExceeded.PhoneNumberThirtySecondLimit", sms.RateLimited, true, true, 30 * time.Second, false},
		{"LimitExceeded.PhoneNumberOneHourLimit", sms.RateLimited, true, true, time.Hour, false},
		{"LimitExceeded.PhoneNumberDailyLimit", sms.RateLimited, true, true, 24 * time.Hour, false},
		{"LimitExceeded.PhoneNumberSameContentDailyLimit", sms.RateLimited, true, true, 24 * time.Hour, false},
		{"LimitExceeded.DeliveryFrequencyLimit", sms.RateLimited, true, true, 30 * time.Second, false},
		{"RequestLimitExceeded", sms.RateLimited, true, false, 0, true},
		{"FailedOperation.SignatureIncorrectOrUnapproved", sms.PermissionDenied, true, false, 0, true},
		{"FailedOperation.TemplateIncorrectOrUnapproved", sms.PermissionDenied, true, false, 0, true},
		{"FailedOperation.TemplateParamSetNotMatchApprovedTemplate", sms.PermissionDenied, true, false, 0, true},
		{"UnauthorizedOperation.SmsSdkAppIdVerifyFail", sms.PermissionDenied, true, false, 0, true},
		{"AuthFailure.SignatureFailure", sms.PermissionDenied, true, false, 0, true},
		{"AuthFailure.SecretIdNotFound", sms.PermissionDenied, true, false, 0, true},
		{"UnsupportedOperation.UnsupportedRegion", sms.PermissionDenied, true, false, 0, true},
		{"FailedOperation.InsufficientBalanceInSmsPackage", sms.QuotaExceeded, true, false, 0, true},
		{"LimitExceeded.AppDailyLimit", sms.QuotaExceeded, true, false, 0, true},
		{"InvalidParameterValue.IncorrectPhoneNumber", sms.InvalidArgument, true, false, 0, false},
		{"FailedOperation.PhoneNumberInBlacklist", sms.InvalidArgument, true, false, 0, false},
		{"FailedOperation.ContainSensitiveWord", sms.InvalidArgument, true, false, 0, false},
		{"ServiceUnavailable", sms.Unavailable, true, false, 0, true},
		{"InternalError.Timeout", sms.Unknown, false, false, 0, false},
		{"InternalError.SendAndRecvFail", sms.Unknown, false, false, 0, false},
		{"InternalError", sms.Unknown, false, false, 0, false},
		{"SomeFutureCode.NeverSeen", sms.Unknown, true, false, 0, false},
	}
	srv, s := newPair(t, tencenttest.Options{Limits: tencenttest.Limits{Disabled: true}}, nil)
	for _, tc := range cases {
		for _, perNumber := range []bool{false, true} {
			name := tc.code
			if perNumber {
				name += " in SendStatusSet"
			}
			t.Run(name, func(t *testing.T) {
				srv.QueueFault(tencenttest.Fault{Code: tc.code, PerNumber: perNumber})
				_, err := s.Send(context.Background(), sample())
				require.Error(t, err)
				se, ok := errors.AsType[*sms.Error](err)
				require.True(t, ok)
				assert.Equal(t, tc.want, se.Code)
				assert.Equal(t, tc.notAccepted, se.NotAccepted)
				assert.Equal(t, tc.perRecipient, se.PerRecipient)
				assert.Equal(t, tc.retryAfter, se.RetryAfter)
				assert.Equal(t, tc.code, se.ProviderCode)
				assert.Equal(t, tc.failOver, route.DefaultFailOver(err))
				ae, ok := errors.AsType[*tencent.APIError](err)
				require.True(t, ok)
				assert.Equal(t, tc.code, ae.Code)
			})
		}
	}
}

// TestGatewayAnswers: an answer that is not Tencent's JSON may have been
// accepted.
func TestGatewayAnswers(t *testing.T) {
	srv, s := newPair(t, tencenttest.Options{}, nil)
	for _, f := range []tencenttest.Fault{
		{Status: 502, Body: "<html>bad gateway</html>"},
		{Status: 200, Body: "not json"},
		{Status: 200, Body: `{"Response":{"SendStatusSet":[],"RequestId":"x"}}`},
		// An Ok for another number is not this message's success.
		{Status: 200, Body: `{"Response":{"SendStatusSet":[{"SerialNo":"2640:1","PhoneNumber":"+8613900139000","Code":"Ok"}]}}`},
		{Drop: true, Accept: true},
		{Drop: true},
	} {
		srv.QueueFault(f)
		_, err := s.Send(context.Background(), sample())
		require.Error(t, err)
		assert.False(t, sms.IsNotAccepted(err), "%+v: %v", f, err)
	}
}

// TestRedirectNotFollowed: a redirect answer fails the send, possibly
// accepted, and is not followed.
func TestRedirectNotFollowed(t *testing.T) {
	srv, s := newPair(t, tencenttest.Options{}, nil)
	srv.QueueFault(tencenttest.Fault{Status: 307, Body: ""})
	_, err := s.Send(context.Background(), sample())
	require.Error(t, err)
	assert.False(t, sms.IsNotAccepted(err))
	assert.Contains(t, err.Error(), "redirect")
	assert.Equal(t, 1, srv.Requests("SendSms"), "one request, no retry, no redirect")
}

func TestAnswerTooLong(t *testing.T) {
	srv, s := newPair(t, tencenttest.Options{}, nil)
	srv.QueueFault(tencenttest.Fault{Status: 200, Body: `{"Response":{"RequestId":"` + strings.Repeat("x", 1<<20) + `"}}`})
	_, err := s.Send(context.Background(), sample())
	require.Error(t, err)
	assert.False(t, sms.IsNotAccepted(err))
	assert.Contains(t, err.Error(), "answer longer than")
}

// TestNoRetries: neither throttling, an outage nor a dropped connection
// makes the SDK send a second request.
func TestNoRetries(t *testing.T) {
	srv, s := newPair(t, tencenttest.Options{}, nil)
	for i, f := range []tencenttest.Fault{{Code: "RequestLimitExceeded"}, {Code: "ServiceUnavailable"}, {Drop: true}} {
		srv.QueueFault(f)
		_, err := s.Send(context.Background(), sample())
		require.Error(t, err)
		assert.Equal(t, i+1, srv.Requests("SendSms"))
	}
}

// TestRedaction: no error text, for any answer, holds the number, a param,
// the reference, the SecretId, the SecretKey or the signature; Tencent's
// message is quoted only when it shows none of them.
func TestRedaction(t *testing.T) {
	srv, s := newPair(t, tencenttest.Options{}, nil)
	msg := sample()
	msg.Reference = "order-secret-ref"
	leaks := []string{"13800138000", "138 0013 8000", "472913", "order-secret-ref",
		tencenttest.TestSecretID, tencenttest.TestSecretKey}
	for _, f := range []tencenttest.Fault{
		{Code: "InvalidParameterValue.IncorrectPhoneNumber", Message: "bad number +8613800138000"},
		{Code: "FailedOperation.ContainSensitiveWord", Message: "param 472913 contains a sensitive word", PerNumber: true},
		{Code: "AuthFailure.SecretIdNotFound", Message: "SecretId " + tencenttest.TestSecretID + " not found"},
		{Code: "X" + tencenttest.TestSecretKey, Message: "code echoes the key"},
		{Code: "InternalError", Message: "ref order-secret-ref lost"},
		{Status: 500, Body: "number 13800138000 code 472913"},
	} {
		srv.QueueFault(f)
		_, err := s.Send(context.Background(), msg)
		require.Error(t, err)
		text := err.Error()
		if ae, ok := errors.AsType[*tencent.APIError](err); ok {
			text += " " + ae.Error()
		}
		for _, leak := range leaks {
			assert.NotContains(t, text, leak, "%+v", f)
		}
	}
	srv.QueueFault(tencenttest.Fault{Code: "FailedOperation.ContainSensitiveWord", Message: "sensitive word found"})
	_, err := s.Send(context.Background(), msg)
	assert.Contains(t, err.Error(), "sensitive word found", "a clean message is quoted")
	assert.NotContains(t, s.String(), tencenttest.TestSecretKey)
}

// TestPrintingHidesCredentials: no way of printing a Sender shows the key
// pair.
func TestPrintingHidesCredentials(t *testing.T) {
	_, s := newPair(t, tencenttest.Options{}, nil)
	hexKey := fmt.Sprintf("%x", tencenttest.TestSecretKey)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T"} {
		for _, v := range []any{s, *s} {
			text := fmt.Sprintf(verb, v)
			assert.NotContains(t, text, tencenttest.TestSecretKey, verb)
			assert.NotContains(t, text, tencenttest.TestSecretID, verb)
			assert.NotContains(t, strings.ToLower(text), hexKey, verb)
		}
	}
}
