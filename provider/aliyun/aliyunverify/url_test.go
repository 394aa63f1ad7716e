package aliyunverify_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/aliyun/aliyunverify"
	"github.com/smskit/sms/verify"
)

func TestOptionsFromURL(t *testing.T) {
	tests := []struct {
		raw  string
		want aliyunverify.Options
	}{
		{"aliyunverify://?sign=smskit&template=SMS_1", aliyunverify.Options{SignName: "smskit", TemplateCode: "SMS_1"}},
		{"aliyunverify://default?sign=%E9%98%BF%E9%87%8C&template=SMS_1", aliyunverify.Options{SignName: "阿里", TemplateCode: "SMS_1"}},
		{"aliyunverify://ID:SE%2FCRET@127.0.0.1:8080?protocol=http&sign=s&template=SMS_2" +
			"&template_param=%7B%22code%22%3A%22%23%23code%23%23%22%2C%22min%22%3A%225%22%7D" +
			"&scheme_name=login&code_length=8&code_type=5&valid_time=10m&interval=2m&duplicate_policy=keep_all" +
			"&default_region=HK&region=cn-shanghai&connect_timeout=3s&timeout=7s&max_idle_conns=4",
			aliyunverify.Options{
				AccessKeyID: "ID", AccessKeySecret: "SE/CRET", Endpoint: "http://127.0.0.1:8080",
				SignName: "s", TemplateCode: "SMS_2", TemplateParam: map[string]string{"code": "##code##", "min": "5"},
				SchemeName: "login", CodeLength: 8, CodeType: 5, ValidTime: 10 * time.Minute, Interval: 2 * time.Minute,
				DuplicatePolicy: verify.KeepAll, DefaultRegion: "HK", RegionID: "cn-shanghai",
				ConnectTimeout: 3 * time.Second, Timeout: 7 * time.Second, MaxIdleConns: 4,
			}},
		{"aliyunverify://dypnsapi.aliyuncs.com?sign=s&template=SMS_3&duplicate_policy=replace_old",
			aliyunverify.Options{Endpoint: "https://dypnsapi.aliyuncs.com", SignName: "s", TemplateCode: "SMS_3"}},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			u, err := url.Parse(tt.raw)
			require.NoError(t, err)
			o, err := aliyunverify.OptionsFromURL(u)
			require.NoError(t, err)
			assert.Equal(t, tt.want, o)
		})
	}
}

// TestOpenVerifierErrors: every refusal wraps sms.ErrInvalidOptions, says
// what is wrong, and holds no secret, whether the secret is in the
// userinfo or in the value refused.
func TestOpenVerifierErrors(t *testing.T) {
	const secret = "Zq8Xv2Ww9Pp0KkSecret"
	base := "aliyunverify://LTAIkeyid:" + secret + "@default?"
	tests := []struct {
		name, query, want string
	}{
		{"unknown parameter", "sign=s&template=SMS_1&sign_name=x", `unknown parameter "sign_name"`},
		{"secret as a parameter", "sign=s&template=SMS_1&" + secret + "=1", "an unknown parameter"},
		{"no sign", "template=SMS_1", "sign is required"},
		{"no template", "sign=s", "template is required"},
		{"bad template", "sign=s&template=" + secret, `TemplateCode is not "SMS_" and digits`},
		{"bad duplicate", "sign=s&template=SMS_1&duplicate_policy=" + secret, "duplicate_policy is not replace_old or keep_all"},
		{"bad template_param", "sign=s&template=SMS_1&template_param=" + secret, "template_param is not a JSON object"},
		{"template_param without code", "sign=s&template=SMS_1&template_param=%7B%22a%22%3A%22" + secret + "%22%7D", "TemplateParam has no value holding ##code##"},
		{"bad code_length", "sign=s&template=SMS_1&code_length=" + secret, "code_length is not a positive integer"},
		{"code_length out of range", "sign=s&template=SMS_1&code_length=9", "CodeLength is not between 4 and 8"},
		{"bad valid_time", "sign=s&template=SMS_1&valid_time=" + secret, "valid_time is not a positive duration"},
		{"repeated", "sign=s&sign=" + secret + "&template=SMS_1", "sign is given more than once"},
		{"path", "sign=s&template=SMS_1", "path is not allowed"},
		{"bad protocol", "sign=s&template=SMS_1&protocol=" + secret, "protocol is not https or http"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := base + tt.query
			if tt.name == "path" {
				raw = "aliyunverify://LTAIkeyid:" + secret + "@host/" + secret + "?" + tt.query
			}
			v, err := verify.OpenVerifier(context.Background(), raw)
			require.Error(t, err)
			assert.Nil(t, v)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), secret[:8])
			assert.NotContains(t, err.Error(), "LTAIkeyid")
		})
	}
	_, err := verify.OpenVerifier(context.Background(), "aliyunverify://LTAIkeyid@default?sign=s&template=SMS_1")
	require.ErrorIs(t, err, sms.ErrInvalidOptions)
	assert.Contains(t, err.Error(), "userinfo must be ACCESS_KEY_ID:ACCESS_KEY_SECRET")
	assert.NotContains(t, err.Error(), "LTAIkeyid")
}

// TestOpenVerifierEmulator: a Verifier opened from a URL sends and checks
// codes on the emulator.
func TestOpenVerifierEmulator(t *testing.T) {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	t.Cleanup(srv.Close)
	raw := "aliyunverify://" + aliyuntest.TestAccessKeyID + ":" + url.QueryEscape(aliyuntest.TestAccessKeySecret) + "@" + srv.Host +
		"?protocol=http&sign=" + url.QueryEscape(aliyuntest.DefaultSignName) + "&template=" + aliyuntest.DefaultTemplateCode + "&code_length=4"
	v, err := verify.OpenVerifier(context.Background(), raw)
	require.NoError(t, err)
	require.IsType(t, &aliyunverify.Verifier{}, v)
	_, err = v.Start(context.Background(), verify.Request{To: national})
	require.NoError(t, err)
	code, ok := srv.LastVerifyCode(national)
	require.True(t, ok)
	assert.Len(t, code, 4)
	out, err := v.Check(context.Background(), verify.Check{To: national, Code: code})
	require.NoError(t, err)
	assert.True(t, out.Approved())
	assert.Contains(t, verify.Schemes(), aliyunverify.Scheme)
}
