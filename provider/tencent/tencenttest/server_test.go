package tencenttest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/smskit/sms/provider/tencent/tencenttest"
)

// clock is a settable clock for the emulator.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

// newClient returns the SDK's common client pointed at srv, with its
// transport t (nil: a default one).
func newClient(srv *tencenttest.Server, t http.RoundTripper) *common.Client {
	p := profile.NewClientProfile()
	p.HttpProfile.Scheme = "HTTP"
	p.HttpProfile.Endpoint = srv.Host
	c := common.NewCommonClient(common.NewCredential(tencenttest.TestSecretID, tencenttest.TestSecretKey), "ap-guangzhou", p)
	if t != nil {
		c.WithHttpTransport(t)
	}
	return c
}

// sendSms calls SendSms through c with params and returns the answer's
// Response object.
func sendSms(t *testing.T, c *common.Client, params map[string]any) map[string]any {
	t.Helper()
	req := tchttp.NewCommonRequest("sms", tencenttest.Version, "SendSms")
	require.NoError(t, req.SetActionParameters(params))
	resp := tchttp.NewCommonResponse()
	err := c.Send(req, resp)
	var out struct{ Response map[string]any }
	if err != nil {
		return map[string]any{"SDKError": err.Error()}
	}
	require.NoError(t, json.Unmarshal(resp.GetBody(), &out))
	return out.Response
}

var templates = map[string]tencenttest.Template{
	"1001": {Text: "您的验证码是{1}，{2}分钟内有效", Kind: tencenttest.Verification},
	"1002": {Text: "Your code is {1}", Kind: tencenttest.International},
}

func sample(number string) map[string]any {
	return map[string]any{"PhoneNumberSet": []string{number}, "SmsSdkAppId": tencenttest.TestSmsSdkAppID,
		"TemplateId": "1001", "SignName": tencenttest.DefaultSignName, "TemplateParamSet": []string{"4829", "5"}}
}

func TestOfficialClientSends(t *testing.T) {
	srv := tencenttest.NewServer(tencenttest.Options{Templates: templates})
	defer srv.Close()
	got := sendSms(t, newClient(srv, nil), sample("+8613800138000"))
	set := got["SendStatusSet"].([]any)
	require.Len(t, set, 1)
	st := set[0].(map[string]any)
	assert.Equal(t, "Ok", st["Code"])
	m, ok := srv.LastMessageTo("+8613800138000")
	require.True(t, ok)
	assert.Equal(t, "您的验证码是4829，5分钟内有效", m.Text)
	assert.Equal(t, st["SerialNo"], m.SerialNo)
	assert.Equal(t, 1, srv.Requests("SendSms"))
}

// recorder keeps the last request a client sent, as bytes on the wire.
type recorder struct {
	req  *http.Request
	body []byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.req = req.Clone(req.Context())
	r.body, _ = io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(r.body))
	return http.DefaultTransport.RoundTrip(req)
}

// TestSignatureRejectsEveryOneByteChange: a request signed by the official
// client is accepted once; each copy of it with one byte changed (any byte
// of the method, path, body, or of a header the signature or the gateway
// checks) is refused, and nothing more is accepted. The changes are made
// before the original is replayed, so that no copy passes as a replay.
func TestSignatureRejectsEveryOneByteChange(t *testing.T) {
	srv := tencenttest.NewServer(tencenttest.Options{Templates: templates, Limits: tencenttest.Limits{Disabled: true}})
	defer srv.Close()
	rec := &recorder{}
	got := sendSms(t, newClient(srv, rec), sample("+8613800138000"))
	require.NotNil(t, got["SendStatusSet"], "%v", got)
	require.Equal(t, 1, srv.Accepted())
	orig := rec.req

	send := func(method, path string, header http.Header, host string, body []byte) map[string]any {
		req, err := http.NewRequest(method, srv.URL+path, bytes.NewReader(body))
		require.NoError(t, err)
		req.Header = header
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var out struct{ Response map[string]any }
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return out.Response
	}
	refused := func(what string, r map[string]any) {
		t.Helper()
		if _, ok := r["Error"]; !ok {
			t.Errorf("%s: not refused: %v", what, r)
		}
	}
	flip := func(s []byte, i int) []byte {
		c := bytes.Clone(s)
		c[i] ^= 0x01
		if c[i] < 0x20 || c[i] == 0x7f { // keep header values writable
			c[i] = s[i] ^ 0x02
		}
		return c
	}

	n := 0
	for i := range rec.body {
		refused("body byte "+strconv.Itoa(i), send("POST", "/", orig.Header.Clone(), orig.Host, flip(rec.body, i)))
		n++
	}
	for _, h := range []string{"Authorization", "X-Tc-Timestamp", "Content-Type", "X-Tc-Action", "X-Tc-Version", "X-Tc-Region"} {
		v := []byte(orig.Header.Get(h))
		require.NotEmpty(t, v, h)
		for i := range v {
			header := orig.Header.Clone()
			header.Set(h, string(flip(v, i)))
			refused(h+" byte "+strconv.Itoa(i), send("POST", "/", header, orig.Host, rec.body))
			n++
		}
	}
	host := []byte(orig.Host)
	for i := range host {
		refused("Host byte "+strconv.Itoa(i), send("POST", "/", orig.Header.Clone(), string(flip(host, i)), rec.body))
		n++
	}
	refused("method", send("PUT", "/", orig.Header.Clone(), orig.Host, rec.body))
	refused("path", send("POST", "/x", orig.Header.Clone(), orig.Host, rec.body))
	assert.Greater(t, n, 300)
	assert.Equal(t, 1, srv.Accepted(), "no changed copy was accepted")

	// The original itself still passes: the refusals above were the changes.
	send("POST", "/", orig.Header.Clone(), orig.Host, rec.body)
	assert.Equal(t, 2, srv.Accepted())
}

func TestTimestampWindow(t *testing.T) {
	c := &clock{now: time.Now()}
	srv := tencenttest.NewServer(tencenttest.Options{Templates: templates, Now: c.Now})
	defer srv.Close()
	client := newClient(srv, nil)
	for _, tc := range []struct {
		skew time.Duration
		ok   bool
	}{
		{0, true}, {4 * time.Minute, true}, {-4 * time.Minute, true},
		{6 * time.Minute, false}, {-6 * time.Minute, false},
	} {
		c.now = time.Now().Add(tc.skew)
		got := sendSms(t, client, sample("+861380013"+strconv.Itoa(8000+int(tc.skew/time.Minute)+10)))
		if tc.ok {
			assert.NotNil(t, got["SendStatusSet"], "skew %v: %v", tc.skew, got)
		} else {
			assert.Contains(t, got["SDKError"], "AuthFailure.SignatureExpire", "skew %v", tc.skew)
		}
	}
}

func TestWrongCredentials(t *testing.T) {
	srv := tencenttest.NewServer(tencenttest.Options{Templates: templates})
	defer srv.Close()
	for _, tc := range []struct{ id, key, code string }{
		{"AKIDunknown", tencenttest.TestSecretKey, "AuthFailure.SecretIdNotFound"},
		{tencenttest.TestSecretID, "wrong-key", "AuthFailure.SignatureFailure"},
	} {
		p := profile.NewClientProfile()
		p.HttpProfile.Scheme, p.HttpProfile.Endpoint = "HTTP", srv.Host
		c := common.NewCommonClient(common.NewCredential(tc.id, tc.key), "ap-guangzhou", p)
		req := tchttp.NewCommonRequest("sms", tencenttest.Version, "SendSms")
		require.NoError(t, req.SetActionParameters(sample("+8613800138000")))
		err := c.Send(req, tchttp.NewCommonResponse())
		require.Error(t, err)
		assert.Contains(t, err.Error(), tc.code)
	}
	assert.Zero(t, srv.Accepted())
}

// TestFrequencyLimits: Tencent's documented defaults, on the emulator's
// clock: one message of the same content per number in 30 seconds, five per
// hour, ten per calendar day (China time).
func TestFrequencyLimits(t *testing.T) {
	c := &clock{now: time.Now()}
	srv := tencenttest.NewServer(tencenttest.Options{Templates: templates, Now: c.Now})
	defer srv.Close()
	client := newClient(srv, nil)
	// The SDK stamps requests with the real time, so the emulator's clock
	// stays within minutes of it.
	send := func(params []string) string {
		p := sample("+8613800138000")
		p["TemplateParamSet"] = params
		got := sendSms(t, client, p)
		set, _ := got["SendStatusSet"].([]any)
		require.Len(t, set, 1, "%v", got)
		return set[0].(map[string]any)["Code"].(string)
	}
	start := c.now
	assert.Equal(t, "Ok", send([]string{"1111", "5"}))
	assert.Equal(t, "LimitExceeded.PhoneNumberThirtySecondLimit", send([]string{"1111", "5"}), "same content in 30 s")
	assert.Equal(t, "Ok", send([]string{"2222", "5"}), "other content")
	for i := 3; i <= 5; i++ {
		assert.Equal(t, "Ok", send([]string{strconv.Itoa(i * 1111), "5"}))
	}
	assert.Equal(t, "LimitExceeded.PhoneNumberOneHourLimit", send([]string{"6666", "5"}), "sixth in an hour")
	assert.Equal(t, 5, srv.Accepted())

	// 31 seconds later the same content passes the 30-second limit but
	// not the hourly one.
	c.now = start.Add(31 * time.Second)
	assert.Equal(t, "LimitExceeded.PhoneNumberOneHourLimit", send([]string{"1111", "5"}))
}

// TestDailyLimit: ten messages per number per calendar day, China time.
func TestDailyLimit(t *testing.T) {
	c := &clock{now: time.Now()}
	srv := tencenttest.NewServer(tencenttest.Options{Templates: templates, Now: c.Now,
		Limits: tencenttest.Limits{OneHour: 100}})
	defer srv.Close()
	client := newClient(srv, nil)
	send := func(i int) string {
		p := sample("+8613800138000")
		p["TemplateParamSet"] = []string{strconv.Itoa(1000 + i), "5"}
		got := sendSms(t, client, p)
		set, _ := got["SendStatusSet"].([]any)
		require.Len(t, set, 1, "%v", got)
		return set[0].(map[string]any)["Code"].(string)
	}
	for i := range tencenttest.DefaultOneDayLimit {
		assert.Equal(t, "Ok", send(i), "message %d", i)
	}
	assert.Equal(t, "LimitExceeded.PhoneNumberDailyLimit", send(10))
	assert.Equal(t, tencenttest.DefaultOneDayLimit, srv.Accepted())
}
