package alidayu_test

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/alidayu"
	"github.com/smskit/sms/provider/alidayu/alidayutest"
)

func TestOptionsFromURL(t *testing.T) {
	for _, tc := range []struct {
		url  string
		want alidayu.Options
	}{
		{"alidayu://23456789:SECRET@default?sign=%E9%98%BF%E9%87%8C%E5%A4%A7%E4%BA%8E",
			alidayu.Options{AppKey: "23456789", AppSecret: "SECRET", SignName: "阿里大于"}},
		{"alidayu://23456789:s%40c@gw.api.taobao.com/router/rest?sign=x&sign_method=md5&default_region=CN" +
			"&allow_undeclared=true&template_key=legacy&timeout=3s",
			alidayu.Options{AppKey: "23456789", AppSecret: "s@c", Endpoint: "https://gw.api.taobao.com/router/rest",
				SignName: "x", SignMethod: "md5", DefaultRegion: "CN", AllowUndeclaredTemplates: true,
				TemplateKey: "legacy", Timeout: 3 * time.Second}},
	} {
		u, err := url.Parse(tc.url)
		require.NoError(t, err)
		got, err := alidayu.OptionsFromURL(u)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got)
	}
	for _, bad := range []string{
		"alidayu://default?sign=x",                    // no key pair
		"alidayu://1:leak@default?sign=x&secret=leak", // unknown parameter
		"alidayu://1:leak@default/path?sign=x",        // a path needs a host
		"tencent://1:leak@default?sign=x",
	} {
		u, err := url.Parse(bad)
		require.NoError(t, err)
		_, err = alidayu.OptionsFromURL(u)
		assert.True(t, errors.Is(err, sms.ErrInvalidOptions), bad)
		assert.NotContains(t, err.Error(), "leak")
	}
}

// TestOpenSenderEmulator: sms.OpenSender opens an alidayu:// URL that
// points at the emulator, and the sender sends.
func TestOpenSenderEmulator(t *testing.T) {
	srv := alidayutest.NewServer(alidayutest.Options{Templates: emulatorTemplates})
	defer srv.Close()
	s, err := sms.OpenSender(context.Background(), "alidayu://"+alidayutest.TestAppKey+":"+alidayutest.TestAppSecret+
		"@"+srv.Host+alidayutest.Path+"?protocol=http&sign_method=md5&sign="+url.QueryEscape(alidayutest.DefaultSignName))
	require.NoError(t, err)
	_, err = s.Send(context.Background(), sms.Message{To: "+8613800138000", Template: codeTemplate,
		Params: map[string]string{"code": "1234"}})
	require.NoError(t, err)
	require.Equal(t, 1, srv.Accepted())
	assert.Equal(t, "md5", srv.Messages()[0].SignMethod)
}
