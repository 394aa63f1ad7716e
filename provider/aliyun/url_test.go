package aliyun_test

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	urlKeyID  = "LTAI5tUrlKeyId0001"
	urlSecret = "UrlSecretZq8Xv2Ww9Pp0Kk"
)

func writeTemplates(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "templates.json")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

func TestOptionsFromURL(t *testing.T) {
	file := writeTemplates(t, `[{"name":"login_code","kind":"verification","codes":{"aliyun":"SMS_154950909"},"signs":{"aliyun":"smskit"}}]`)
	tests := []struct {
		name string
		url  string
		want aliyun.Options
	}{
		{"default chain", "aliyun://?sign=smskit&region=cn-hangzhou",
			aliyun.Options{SignName: "smskit", RegionID: "cn-hangzhou"}},
		{"default host", "aliyun://default?sign=smskit",
			aliyun.Options{SignName: "smskit"}},
		{"explicit key and endpoint", "aliyun://" + urlKeyID + ":" + urlSecret + "@dysmsapi.aliyuncs.com?sign=smskit",
			aliyun.Options{AccessKeyID: urlKeyID, AccessKeySecret: urlSecret, Endpoint: "https://dysmsapi.aliyuncs.com", SignName: "smskit"}},
		{"emulator over http", "aliyun://" + urlKeyID + ":" + urlSecret + "@127.0.0.1:8080?sign=smskit&protocol=http",
			aliyun.Options{AccessKeyID: urlKeyID, AccessKeySecret: urlSecret, Endpoint: "http://127.0.0.1:8080", SignName: "smskit"}},
		{"escaped sign", "aliyun://?sign=%E9%98%BF%E9%87%8C%E4%BA%91",
			aliyun.Options{SignName: "阿里云"}},
		{"every option", "aliyun://?sign=smskit&region=cn-shanghai&allow_undeclared=true&template_key=aliyun-backup&up_extend_code=12&connect_timeout=2s&timeout=3s&max_idle_conns=8",
			aliyun.Options{SignName: "smskit", RegionID: "cn-shanghai", AllowUndeclaredTemplates: true, TemplateKey: "aliyun-backup",
				UpExtendCode: "12", ConnectTimeout: 2 * time.Second, Timeout: 3 * time.Second, MaxIdleConns: 8}},
		{"templates without sign", "aliyun://?templates=" + url.QueryEscape(file),
			aliyun.Options{Templates: []sms.Template{{Name: "login_code", Kind: sms.KindVerification,
				Codes: map[string]string{"aliyun": "SMS_154950909"}, Signs: map[string]string{"aliyun": "smskit"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := url.Parse(tt.url)
			require.NoError(t, err)
			got, err := aliyun.OptionsFromURL(u)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			s, err := sms.OpenSender(t.Context(), tt.url)
			require.NoError(t, err)
			_, ok := s.(*aliyun.Sender)
			assert.True(t, ok)
		})
	}
}

func TestOpenSenderURLErrors(t *testing.T) {
	cred := urlKeyID + ":" + urlSecret + "@"
	tests := []struct {
		name, url, want string
	}{
		{"missing sign", "aliyun://" + cred + "default", "no sign"},
		{"unknown parameter", "aliyun://" + cred + "default?sign=s&signn=x", `unknown parameter "signn"`},
		{"secret as parameter name", "aliyun://default?sign=s&" + urlSecret, "an unknown parameter"},
		{"repeated parameter", "aliyun://" + cred + "default?sign=s&sign=t", "sign is given more than once"},
		{"bad escaping in the query", "aliyun://" + cred + "default?sign=%zz" + urlSecret, "query is malformed"},
		{"bad escaping in the secret", "aliyun://" + urlKeyID + ":%zz" + urlSecret + "@default?sign=s", "malformed %-escape"},
		{"key without secret", "aliyun://" + urlKeyID + "@default?sign=s", "userinfo must be ACCESS_KEY_ID:ACCESS_KEY_SECRET"},
		{"bad duration", "aliyun://" + cred + "default?sign=s&timeout=" + urlSecret, "timeout is not a positive duration"},
		{"bad protocol", "aliyun://" + cred + "host?sign=s&protocol=ftp", "protocol is not https or http"},
		{"protocol without host", "aliyun://" + cred + "default?sign=s&protocol=http", "protocol needs a host"},
		{"path", "aliyun://" + cred + "host/path?sign=s", "path is not allowed"},
		{"bad region", "aliyun://" + cred + "default?sign=s&region=a%20b", "RegionID"},
		{"templates file missing", "aliyun://" + cred + "default?templates=/nonexistent/t.json", "templates names a file that cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sms.OpenSender(t.Context(), tt.url)
			require.Error(t, err)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), urlSecret)
			assert.NotContains(t, err.Error(), urlSecret[:8])
			assert.NotContains(t, err.Error(), tt.url)
		})
	}
}
