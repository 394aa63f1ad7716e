package aliyunverify_test

import (
	"testing"
	"time"

	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/aliyun/aliyunverify"
	"github.com/stretchr/testify/require"
)

// The numbers of the tests: a mainland mobile number in its national and
// E.164 forms.
const (
	national = "13800138000"
	e164     = "+8613800138000"
)

// start is the fake clock's start: the emulator checks request timestamps
// against it, so it is near the real time.
var start = time.Now().Truncate(time.Second)

// env is a Verifier on an emulator that shares its fake clock.
type env struct {
	srv   *aliyuntest.Server
	clock *testclock.Clock
	v     *aliyunverify.Verifier
}

// newEnv starts an emulator and a Verifier on it; change adjusts the
// Verifier's options.
func newEnv(t testing.TB, change func(*aliyunverify.Options)) *env {
	t.Helper()
	clock := testclock.New(start)
	srv := aliyuntest.NewServer(aliyuntest.Options{Now: clock.Now})
	t.Cleanup(srv.Close)
	o := testOptions(srv, clock)
	if change != nil {
		change(&o)
	}
	v, err := aliyunverify.New(o)
	require.NoError(t, err)
	t.Cleanup(v.CloseIdleConnections)
	return &env{srv: srv, clock: clock, v: v}
}

// testOptions are working Options for srv (nil: no endpoint) and clock
// (nil: time.Now).
func testOptions(srv *aliyuntest.Server, clock *testclock.Clock) aliyunverify.Options {
	o := aliyunverify.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		SignName:        aliyuntest.DefaultSignName,
		TemplateCode:    aliyuntest.DefaultTemplateCode,
	}
	if srv != nil {
		o.Endpoint = srv.URL
	}
	if clock != nil {
		o.Now = clock.Now
	}
	return o
}

// lastCode is the code the emulator sent to national.
func (e *env) lastCode(t testing.TB) string {
	t.Helper()
	code, ok := e.srv.LastVerifyCode(national)
	require.True(t, ok, "no code sent")
	return code
}
