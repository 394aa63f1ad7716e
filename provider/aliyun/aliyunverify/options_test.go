package aliyunverify_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/aliyun/aliyunverify"
	"github.com/smskit/sms/verify"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOptionsRefused(t *testing.T) {
	tests := []struct {
		name   string
		change func(*aliyunverify.Options)
		says   string
	}{
		{"no sign", func(o *aliyunverify.Options) { o.SignName = "" }, "SignName"},
		{"bad template code", func(o *aliyunverify.Options) { o.TemplateCode = "154950909" }, "TemplateCode"},
		{"long scheme", func(o *aliyunverify.Options) {
			o.SchemeName = "一二三四五六七八九十一二三四五六七八九十一"
		}, "SchemeName"},
		{"code too short", func(o *aliyunverify.Options) { o.CodeLength = 3 }, "CodeLength"},
		{"code too long", func(o *aliyunverify.Options) { o.CodeLength = 9 }, "CodeLength"},
		{"code type", func(o *aliyunverify.Options) { o.CodeType = 8 }, "CodeType"},
		{"valid time in ms", func(o *aliyunverify.Options) { o.ValidTime = 1500 * time.Millisecond }, "ValidTime"},
		{"negative interval", func(o *aliyunverify.Options) { o.Interval = -time.Second }, "Interval"},
		{"duplicate policy", func(o *aliyunverify.Options) { o.DuplicatePolicy = 7 }, "DuplicatePolicy"},
		{"no placeholder", func(o *aliyunverify.Options) { o.TemplateParam = map[string]string{"code": "1234"} }, "##code##"},
		{"half a key pair", func(o *aliyunverify.Options) { o.AccessKeySecret = "" }, "AccessKeySecret"},
		{"endpoint with a path", func(o *aliyunverify.Options) { o.Endpoint = "https://example.com/x" }, "Endpoint"},
		{"region", func(o *aliyunverify.Options) { o.RegionID = "cn hangzhou" }, "RegionID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testOptions(nil, nil)
			tt.change(&o)
			v, err := aliyunverify.New(o)
			assert.Nil(t, v)
			require.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.says)
			_, isSMS := errors.AsType[*sms.Error](err)
			assert.False(t, isSMS)
		})
	}
}

// TestOptionsReachAliyun: each option travels as its Dypnsapi parameter.
func TestOptionsReachAliyun(t *testing.T) {
	e := newEnv(t, func(o *aliyunverify.Options) {
		o.CodeLength, o.CodeType = 8, 5
		o.ValidTime, o.Interval = 10*time.Minute, 2*time.Minute
		o.DuplicatePolicy = verify.KeepAll
		o.SchemeName = "登录方案"
		o.TemplateParam = map[string]string{"code": "##code##", "min": "10"}
	})
	var params []string
	e.srv.SetFaults(func(r aliyuntest.Request) aliyuntest.Fault {
		for _, name := range []string{"CodeLength", "CodeType", "ValidTime", "Interval", "DuplicatePolicy",
			"SchemeName", "OutId", "CountryCode", "TemplateParam", "ReturnVerifyCode"} {
			params = append(params, name+"="+r.Params.Get(name))
		}
		return aliyuntest.Fault{}
	})
	ver, err := e.v.Start(ctx, verify.Request{To: e164, Purpose: "reset"})
	require.NoError(t, err)
	assert.Equal(t, []string{"CodeLength=8", "CodeType=5", "ValidTime=600", "Interval=120", "DuplicatePolicy=2",
		"SchemeName=登录方案", "OutId=reset", "CountryCode=86", `TemplateParam={"code":"##code##","min":"10"}`,
		"ReturnVerifyCode="}, params)
	assert.Equal(t, start.Add(10*time.Minute), ver.Expires)
	assert.Equal(t, start.Add(2*time.Minute), ver.ResendAfter)
	code := e.lastCode(t)
	assert.Regexp(t, `^[0-9A-Z]{8}$`, code)
	msg, _ := e.srv.LastMessageTo(national)
	assert.Equal(t, map[string]string{"code": code, "min": "10"}, msg.Params)

	out, err := e.v.Check(ctx, verify.Check{To: e164, Purpose: "reset", Code: code})
	require.NoError(t, err)
	assert.Equal(t, approved, out)
}

func TestStringShowsNoSecret(t *testing.T) {
	v, err := aliyunverify.New(testOptions(nil, nil))
	require.NoError(t, err)
	for _, text := range []string{v.String(), fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v)} {
		assert.NotContains(t, text, aliyuntest.TestAccessKeySecret)
		assert.NotContains(t, text, aliyuntest.TestAccessKeyID)
	}
	assert.Contains(t, v.String(), "AccessKey: set")
}
