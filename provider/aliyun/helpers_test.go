package aliyun_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/stretchr/testify/require"
)

// Test credentials that the secret checks look for.
const (
	testKeyID     = "LTAItestKeyIDzz42"
	testKeySecret = "topSecretValueQQ77"
	testNumber    = "+8613800138000"
	testCode      = "583920"
)

// notifyTemplate is an emulator notification template taking code and name.
const notifyTemplate = "SMS_200000002"

// newClock returns a settable clock for the emulator and the Sender that
// starts at the real time: the SDK stamps requests with the real clock,
// which the emulator checks against its own (see MaxClockSkew).
func newClock() *testclock.Clock { return testclock.New(time.Now()) }

// newEmulator starts an emulator that knows the test key, the default sign
// and template, and notifyTemplate.
func newEmulator(t *testing.T, o aliyuntest.Options) *aliyuntest.Server {
	t.Helper()
	if o.Keys == nil {
		o.Keys = map[string]string{testKeyID: testKeySecret}
	}
	if o.Templates == nil {
		o.Templates = map[string]aliyuntest.Template{
			aliyuntest.DefaultTemplateCode: {Text: aliyuntest.DefaultTemplateText, Kind: aliyuntest.Verification},
			notifyTemplate:                 {Text: "尊敬的${name}，您的订单${code}已发货"},
			"SMS_300000003":                {Text: "Your code is ${code}", Kind: aliyuntest.Verification, International: true},
		}
	}
	srv := aliyuntest.NewServer(o)
	t.Cleanup(srv.Close)
	return srv
}

// newSender returns a Sender for srv with the test key, adjusted by edit.
func newSender(t *testing.T, srv *aliyuntest.Server, edit func(*aliyun.Options)) *aliyun.Sender {
	t.Helper()
	o := aliyun.Options{
		AccessKeyID:     testKeyID,
		AccessKeySecret: testKeySecret,
		Endpoint:        srv.URL,
		SignName:        aliyuntest.DefaultSignName,
		Templates: []sms.Template{
			{Name: "login_code", Kind: sms.KindVerification, Codes: map[string]string{"aliyun": aliyuntest.DefaultTemplateCode}},
			{Name: "notify", Kind: sms.KindNotification, Codes: map[string]string{"aliyun": notifyTemplate}},
		},
	}
	if edit != nil {
		edit(&o)
	}
	s, err := aliyun.New(o)
	require.NoError(t, err)
	t.Cleanup(s.CloseIdleConnections)
	return s
}

// loginCode is a verification-code message to testNumber.
func loginCode() sms.Message {
	return sms.Message{To: testNumber, Template: "login_code", Params: map[string]string{"code": testCode}}
}

// requireSMSError checks err's classification.
func requireSMSError(t *testing.T, err error, code sms.Code, notAccepted bool) *sms.Error {
	t.Helper()
	require.Error(t, err)
	e, ok := errors.AsType[*sms.Error](err)
	require.True(t, ok, "error %T is not an *sms.Error: %v", err, err)
	require.Equal(t, code, e.Code, "code of %v", err)
	require.Equal(t, notAccepted, e.NotAccepted, "NotAccepted of %v", err)
	require.Equal(t, aliyun.ProviderName, e.Provider)
	return e
}

// requireNoSecrets checks that neither err's text nor that of any error in
// its chain, however formatted, holds one of secrets.
func requireNoSecrets(t *testing.T, err error, secrets ...string) {
	t.Helper()
	require.Empty(t, findLeak(err, secrets...), "error text leaks a secret")
}

// findLeak returns the first secret found in the text of err or of an error
// in its chain, formatted with %v, %+v or %#v; "" if none.
func findLeak(err error, secrets ...string) string {
	for ; err != nil; err = errors.Unwrap(err) {
		for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			for _, s := range secrets {
				if strings.Contains(text, s) {
					return s
				}
			}
		}
	}
	return ""
}

// dialCounter is a base transport that counts the connections it opens.
type dialCounter struct {
	*http.Transport
	dials atomic.Int64
}

func newDialCounter(maxIdle int) *dialCounter {
	d := &dialCounter{}
	dialer := &net.Dialer{Timeout: time.Second}
	d.Transport = &http.Transport{
		MaxIdleConns:        maxIdle,
		MaxIdleConnsPerHost: maxIdle,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			d.dials.Add(1)
			return dialer.DialContext(ctx, network, addr)
		},
	}
	return d
}
