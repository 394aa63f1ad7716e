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

// Test credentials that the secret checks look for, random-looking as real
// ones are (an English word in them would match the package's own texts).
const (
	testKeyID     = "LTAI5tQ8vNzXw3Kp9RmY"
	testKeySecret = "k7QzP3xW9mLt2VbN8rYcJ4hD6fGs1a"
	testNumber    = "+8613800138000"
	testCode      = "583920"
)

// The emulator's templates besides the default verification template.
const (
	notifyTemplate = "SMS_200000002" // notification taking code and name
	intlTemplate   = "SMS_300000003" // international verification code
	promoTemplate  = "SMS_400000004" // promotion without variables
)

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
			intlTemplate:                   {Text: "Your code is ${code}", Kind: aliyuntest.International},
			promoTemplate:                  {Text: "双十一全场五折，回T退订", Kind: aliyuntest.Promotion},
		}
	}
	srv := aliyuntest.NewServer(o)
	t.Cleanup(srv.Close)
	return srv
}

// testTemplates declares the emulator's templates: login_code, notify,
// intl_code and promo.
func testTemplates() []sms.Template {
	return []sms.Template{
		{Name: "login_code", Kind: sms.KindVerification, Codes: map[string]string{"aliyun": aliyuntest.DefaultTemplateCode}},
		{Name: "notify", Kind: sms.KindNotification, Codes: map[string]string{"aliyun": notifyTemplate}},
		{Name: "intl_code", Kind: sms.KindInternational, Codes: map[string]string{"aliyun": intlTemplate}},
		{Name: "promo", Kind: sms.KindPromotion, Codes: map[string]string{"aliyun": promoTemplate}},
	}
}

// newSender returns a Sender for srv with the test key and testTemplates,
// adjusted by edit.
func newSender(t *testing.T, srv *aliyuntest.Server, edit func(*aliyun.Options)) *aliyun.Sender {
	t.Helper()
	o := aliyun.Options{
		AccessKeyID:     testKeyID,
		AccessKeySecret: testKeySecret,
		Endpoint:        srv.URL,
		SignName:        aliyuntest.DefaultSignName,
		Templates:       testTemplates(),
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
	require.Equal(t, aliyun.Name, e.Provider)
	return e
}

// requireOptionsError checks that err is a configuration error of this
// provider, not an *sms.Error, whose text contains want.
func requireOptionsError(t *testing.T, err error, want string) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, sms.ErrInvalidOptions)
	_, isSMSError := errors.AsType[*sms.Error](err)
	require.False(t, isSMSError, "a configuration error is not an *sms.Error: %v", err)
	require.Contains(t, err.Error(), "sms: aliyun: invalid options: ")
	require.Contains(t, err.Error(), want)
	require.NotContains(t, err.Error(), "accepted")
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
