package aliyunverify_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/aliyun/aliyunverify"
	"github.com/smskit/sms/verify"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// holdUntilGone holds a request until its client goes away.
func holdUntilGone(ctx context.Context) { <-ctx.Done() }

// theCode is the code the check tests send.
const theCode = "734159"

func TestStartErrors(t *testing.T) {
	tests := []struct {
		name        string
		fault       aliyuntest.Fault
		options     func(*aliyunverify.Options)
		code        sms.Code
		notAccepted bool
		sent        bool // the emulator sent a code
		check       func(t *testing.T, se *sms.Error)
	}{
		{name: "server error", fault: aliyuntest.Fault{Kind: aliyuntest.FaultSystemError},
			code: sms.Unavailable, notAccepted: true},
		{name: "throttled", fault: aliyuntest.Fault{Kind: aliyuntest.FaultThrottling},
			code: sms.RateLimited, notAccepted: true},
		{name: "quota", fault: aliyuntest.Fault{Kind: aliyuntest.FaultError, Code: "isv.AMOUNT_NOT_ENOUGH"},
			code: sms.QuotaExceeded, notAccepted: true},
		{name: "per-number limit", fault: aliyuntest.Fault{Kind: aliyuntest.FaultError,
			Code: "isv.BUSINESS_LIMIT_CONTROL", Message: "触发小时级流控Permits:5"},
			code: sms.RateLimited, notAccepted: true, check: func(t *testing.T, se *sms.Error) {
				assert.Equal(t, time.Hour, se.RetryAfter)
				assert.True(t, se.PerRecipient)
			}},
		{name: "unknown code quoting the number", fault: aliyuntest.Fault{Kind: aliyuntest.FaultError,
			Code: "biz.NEW_CODE", Message: "号码 " + national + " 异常"},
			code: sms.Unknown, notAccepted: true, check: func(t *testing.T, se *sms.Error) {
				assert.Equal(t, "biz.NEW_CODE", se.ProviderCode)
			}},
		{name: "code quoting the number", fault: aliyuntest.Fault{Kind: aliyuntest.FaultError,
			Code: "biz.N" + national, Message: "x"},
			code: sms.Unknown, notAccepted: true, check: func(t *testing.T, se *sms.Error) {
				assert.Empty(t, se.ProviderCode)
			}},
		{name: "dropped before the send", fault: aliyuntest.Fault{Kind: aliyuntest.FaultDropBeforeAccept},
			code: sms.Unknown, notAccepted: false},
		{name: "dropped after the send", fault: aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept},
			code: sms.Unknown, notAccepted: false, sent: true},
		{name: "timeout after the request was written",
			fault: aliyuntest.Fault{Kind: aliyuntest.FaultLatency, Hold: holdUntilGone},
			// Long enough for the request to be written on a loaded
			// machine: a timeout before that is rightly "not accepted".
			options: func(o *aliyunverify.Options) { o.Timeout = time.Second },
			code:    sms.DeadlineExceeded, notAccepted: false},
		{name: "wrong secret (Aliyun echoes the string to sign)",
			options: func(o *aliyunverify.Options) { o.AccessKeySecret = "wrongSecretWrongSecret1" },
			code:    sms.PermissionDenied, notAccepted: true},
		{name: "unknown key", options: func(o *aliyunverify.Options) { o.AccessKeyID = "LTAI5tUnknownKeyId0000" },
			code: sms.PermissionDenied, notAccepted: true},
		{name: "unreachable", options: func(o *aliyunverify.Options) { o.Endpoint = "http://" + closedAddr(t) },
			code: sms.Unavailable, notAccepted: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.options)
			e.srv.QueueFault(tt.fault)
			ver, err := e.v.Start(ctx, verify.Request{To: e164})
			assert.Equal(t, verify.Verification{}, ver)
			se := requireSMSError(t, err)
			assert.Equal(t, tt.code, se.Code, "%v", err)
			assert.Equal(t, tt.notAccepted, se.NotAccepted, "%v", err)
			assert.Equal(t, "aliyun", se.Provider)
			code, sent := e.srv.LastVerifyCode(national)
			assert.Equal(t, tt.sent, sent)
			assertNoSecrets(t, err, code)
			if tt.check != nil {
				tt.check(t, se)
			}
		})
	}
}

func TestCheckErrors(t *testing.T) {
	tests := []struct {
		name        string
		fault       aliyuntest.Fault
		code        sms.Code
		notAccepted bool
	}{
		{name: "server error", fault: aliyuntest.Fault{Kind: aliyuntest.FaultSystemError},
			code: sms.Unavailable, notAccepted: true},
		{name: "message quoting the code", fault: aliyuntest.Fault{Kind: aliyuntest.FaultError,
			Code: "isv.INVALID_PARAMETERS", Message: "VerifyCode " + theCode + " 不合法"},
			code: sms.InvalidArgument, notAccepted: true},
		{name: "gateway quoting the code", fault: aliyuntest.Fault{Kind: aliyuntest.FaultError, Status: 400,
			Code: "InvalidParameter", Message: "VerifyCode=" + theCode},
			code: sms.Unknown, notAccepted: true},
		{name: "dropped", fault: aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept},
			code: sms.Unknown, notAccepted: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.QueueFault(tt.fault)
			out, err := e.v.Check(ctx, verify.Check{To: e164, Code: theCode})
			assert.Equal(t, verify.Outcome{}, out)
			se := requireSMSError(t, err)
			assert.Equal(t, tt.code, se.Code, "%v", err)
			assert.Equal(t, tt.notAccepted, se.NotAccepted, "%v", err)
			assertNoSecrets(t, err, theCode)
		})
	}
}

// TestAnswersNotAliyuns: answers from something else on the way, or OK
// answers without what they must hold, never pass for success and never
// for "not accepted" when they answer a send.
func TestAnswersNotAliyuns(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header string // Location
		body   string
		check  bool // answer a Check rather than a Start
	}{
		{name: "gateway page", status: 502, body: "<html>Bad Gateway</html>"},
		{name: "redirect", status: 307, header: "http://127.0.0.1:1/", body: okSend("900619746936498440^0")},
		{name: "OK without BizId", status: 200, body: okSend("")},
		{name: "OK with the number as BizId", status: 200, body: okSend(national)},
		{name: "OK too long", status: 200, body: okSend("900619746936498440^0") + strings.Repeat(" ", 70<<10)},
		{name: "check without VerifyResult", status: 200, check: true,
			body: `{"RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Code":"OK","Message":"OK","Success":true,"Model":{}}`},
		{name: "check with another VerifyResult", status: 200, check: true,
			body: `{"RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Code":"OK","Message":"OK","Success":true,"Model":{"VerifyResult":"MAYBE"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if tt.header != "" {
					w.Header().Set("Location", tt.header)
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			o := testOptions(nil, nil)
			o.Endpoint = srv.URL
			v, err := aliyunverify.New(o)
			require.NoError(t, err)
			if tt.check {
				out, err := v.Check(ctx, verify.Check{To: e164, Code: theCode})
				assert.Equal(t, verify.Outcome{}, out)
				se := requireSMSError(t, err)
				assert.Equal(t, sms.Unknown, se.Code)
				assertNoSecrets(t, err, theCode)
				return
			}
			_, err = v.Start(ctx, verify.Request{To: e164})
			se := requireSMSError(t, err)
			assert.Equal(t, sms.Unknown, se.Code, "%v", err)
			assert.False(t, se.NotAccepted, "%v", err)
			assertNoSecrets(t, err, "")
		})
	}
}

// okSend is an accepting SendSmsVerifyCode answer with bizID.
func okSend(bizID string) string {
	return `{"RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Code":"OK","Message":"OK","Success":true,` +
		`"Model":{"BizId":"` + bizID + `","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990"}}`
}

// assertNoSecrets checks that no printing of err shows the number, the
// code or the credentials.
func assertNoSecrets(t *testing.T, err error, code string) {
	t.Helper()
	for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		for _, secret := range []string{national, "138 0013 8000", "0013800", aliyuntest.TestAccessKeySecret,
			"wrongSecretWrongSecret1", aliyuntest.TestAccessKeyID} {
			assert.NotContains(t, text, secret)
		}
		if code != "" {
			assert.NotContains(t, text, code)
		}
	}
}

// closedAddr returns a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}
