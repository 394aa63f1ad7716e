package tencent_test

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/tencent/tencenttest"
)

func TestOptionsFromURL(t *testing.T) {
	for _, tc := range []struct {
		url  string
		want tencent.Options
	}{
		{"tencent://default?app=1400006666&sign=%E8%85%BE%E8%AE%AF%E4%BA%91",
			tencent.Options{SmsSdkAppID: "1400006666", SignName: "腾讯云"}},
		{"tencent://AKIDx:keyy@sms.tencentcloudapi.com?app=1400006666&region=ap-beijing&default_region=HK" +
			"&allow_undeclared=true&template_key=tencent-b&extend_code=12&sender_id=Qsms&connect_timeout=2s&timeout=3s&max_idle_conns=8",
			tencent.Options{SecretID: "AKIDx", SecretKey: "keyy", Endpoint: "https://sms.tencentcloudapi.com",
				SmsSdkAppID: "1400006666", RegionID: "ap-beijing", DefaultRegion: "HK", AllowUndeclaredTemplates: true,
				TemplateKey: "tencent-b", ExtendCode: "12", SenderID: "Qsms", ConnectTimeout: 2 * time.Second,
				Timeout: 3 * time.Second, MaxIdleConns: 8}},
	} {
		u, err := url.Parse(tc.url)
		require.NoError(t, err)
		got, err := tencent.OptionsFromURL(u)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got)
	}
	for _, bad := range []string{"tencent://default?sign=x", "tencent://default?app=1&secret=leak", "aliyun://default?app=1"} {
		u, err := url.Parse(bad)
		require.NoError(t, err)
		_, err = tencent.OptionsFromURL(u)
		assert.True(t, errors.Is(err, sms.ErrInvalidOptions), bad)
		assert.NotContains(t, err.Error(), "leak")
	}
}

// TestOpenSenderEmulator: sms.OpenSender opens a tencent:// URL that
// points at the emulator, and the sender sends.
func TestOpenSenderEmulator(t *testing.T) {
	srv := tencenttest.NewServer(tencenttest.Options{Templates: emulatorTemplates})
	defer srv.Close()
	s, err := sms.OpenSender(context.Background(), "tencent://"+tencenttest.TestSecretID+":"+tencenttest.TestSecretKey+
		"@"+srv.Host+"?protocol=http&app="+tencenttest.TestSmsSdkAppID+"&sign="+url.QueryEscape(tencenttest.DefaultSignName))
	require.NoError(t, err)
	_, err = s.Send(context.Background(), sms.Message{To: "+8613800138000", Template: codeTemplateID,
		Params: map[string]string{"code": "1234"}})
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Accepted())
}
