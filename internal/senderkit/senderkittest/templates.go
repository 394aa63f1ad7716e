package senderkittest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

// Declared returns an application's templates, declared for Aliyun (Codes)
// and for Twilio (Text): a new slice at each call, so that no test changes
// another's.
func Declared() []sms.Template {
	return []sms.Template{
		{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}.", Codes: map[string]string{"aliyun": "SMS_100"}},
		{Name: "intl_code", Kind: sms.KindInternational, Text: "Your code is ${code}.", Codes: map[string]string{"aliyun": "SMS_200"}},
	}
}

// AliyunOptions returns the options of the production Aliyun Sender the
// tests compare the in-memory senders with, declaring templates.
func AliyunOptions(templates []sms.Template) aliyun.Options {
	return aliyun.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		SignName:        aliyuntest.DefaultSignName,
		Templates:       templates,
	}
}

// NewAliyun returns a production Aliyun Sender with opts over a fresh
// emulator that knows the codes of Declared.
func NewAliyun(t testing.TB, opts aliyun.Options) sms.Sender {
	t.Helper()
	srv := aliyuntest.NewServer(aliyuntest.Options{Templates: map[string]aliyuntest.Template{
		"SMS_100": {Text: "Your code is ${code}.", Kind: aliyuntest.Verification},
		"SMS_200": {Text: "Your code is ${code}.", Kind: aliyuntest.International},
	}})
	t.Cleanup(srv.Close)
	opts.Endpoint = srv.URL
	s, err := aliyun.New(opts)
	require.NoError(t, err)
	t.Cleanup(s.CloseIdleConnections)
	return s
}
