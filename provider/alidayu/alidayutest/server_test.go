package alidayutest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/provider/alidayu/alidayutest"
)

var templates = map[string]alidayutest.Template{
	"SMS_1": {Text: "您的验证码是${code}", Kind: alidayutest.Verification},
}

// signed returns a hand-written request for one number, signed with
// method at now.
func signed(method string, now time.Time, number string) url.Values {
	p := url.Values{
		"method": {alidayutest.Method}, "app_key": {alidayutest.TestAppKey},
		"timestamp": {now.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04:05")},
		"format":    {"json"}, "v": {"2.0"}, "sign_method": {method},
		"sms_type": {"normal"}, "sms_free_sign_name": {alidayutest.DefaultSignName},
		"rec_num": {number}, "sms_template_code": {"SMS_1"}, "sms_param": {`{"code":"482915"}`},
		"extend": {"ref_1"},
	}
	p.Set("sign", alidayutest.Sign(p, alidayutest.TestAppSecret, method))
	return p
}

// post sends body and returns the decoded answer.
func post(t *testing.T, srv *alidayutest.Server, body string) map[string]map[string]any {
	t.Helper()
	resp, err := http.Post(srv.URL+alidayutest.Path, "application/x-www-form-urlencoded", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return out
}

func accepted(out map[string]map[string]any) bool {
	_, ok := out["alibaba_aliqin_fc_sms_num_send_response"]
	return ok
}

func TestBothSignMethodsAccepted(t *testing.T) {
	for _, m := range []string{"md5", "hmac"} {
		srv := alidayutest.NewServer(alidayutest.Options{Templates: templates})
		out := post(t, srv, signed(m, time.Now(), "13800138000").Encode())
		require.True(t, accepted(out), "%s: %v", m, out)
		msgs := srv.Messages()
		require.Len(t, msgs, 1)
		assert.Equal(t, "+8613800138000", msgs[0].E164)
		assert.Equal(t, m, msgs[0].SignMethod)
		assert.Equal(t, "您的验证码是482915", msgs[0].Text)
		assert.Equal(t, "ref_1", msgs[0].Extend)
		srv.Close()
	}
}

// TestSignatureRejectsEveryOneByteChange: a hand-signed request is
// accepted; each copy of its body with one byte changed (three changes per
// byte: two bit flips and a replacement) is refused, for both methods,
// unless the copy decodes to the very same parameters (a %-escape's hex
// digit in the other case), which is then the same request.
func TestSignatureRejectsEveryOneByteChange(t *testing.T) {
	for _, m := range []string{"md5", "hmac"} {
		t.Run(m, func(t *testing.T) {
			srv := alidayutest.NewServer(alidayutest.Options{Templates: templates,
				Limits: alidayutest.Limits{Disabled: true}})
			defer srv.Close()
			orig := signed(m, time.Now(), "13800138000")
			body := orig.Encode()
			require.True(t, accepted(post(t, srv, body)))
			n, same := 0, 0
			for i := range len(body) {
				for _, change := range []func(byte) byte{
					func(b byte) byte { return b ^ 0x01 },
					func(b byte) byte { return b ^ 0x20 },
					func(b byte) byte {
						if b == '0' {
							return '1'
						}
						return '0'
					},
				} {
					b := []byte(body)
					b[i] = change(b[i])
					if b[i] == body[i] {
						continue
					}
					if p, err := url.ParseQuery(string(b)); err == nil && reflect.DeepEqual(p, orig) {
						assert.Contains(t, "ABCDEFabcdef", string(b[i]), "only a hex digit's case decodes the same")
						same++
						continue
					}
					out := post(t, srv, string(b))
					if accepted(out) {
						t.Errorf("byte %d changed to %q: accepted", i, b[i])
					}
					n++
				}
			}
			assert.Greater(t, n, 900)
			t.Logf("%d changed copies refused, %d decoded to the same request", n, same)
			assert.Equal(t, 1, srv.Accepted(), "no changed copy was accepted")
			require.True(t, accepted(post(t, srv, body)), "the original still passes")
		})
	}
}

func TestSignatureMustBeUpperCase(t *testing.T) {
	srv := alidayutest.NewServer(alidayutest.Options{Templates: templates})
	defer srv.Close()
	p := signed("hmac", time.Now(), "13800138000")
	p.Set("sign", strings.ToLower(p.Get("sign")))
	out := post(t, srv, p.Encode())
	assert.EqualValues(t, alidayutest.CodeInvalidSignature, out["error_response"]["code"])
}

func TestTimestampWindow(t *testing.T) {
	c := testclock.New(time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC))
	srv := alidayutest.NewServer(alidayutest.Options{Templates: templates, Now: c.Now, Limits: alidayutest.Limits{Disabled: true}})
	defer srv.Close()
	for _, tc := range []struct {
		skew time.Duration
		ok   bool
	}{{0, true}, {alidayutest.MaxSkew, true}, {-alidayutest.MaxSkew, true},
		{alidayutest.MaxSkew + time.Second, false}, {-alidayutest.MaxSkew - time.Second, false}} {
		out := post(t, srv, signed("md5", c.Now().Add(tc.skew), "13800138000").Encode())
		if tc.ok {
			assert.True(t, accepted(out), "%v: %v", tc.skew, out)
		} else {
			assert.EqualValues(t, alidayutest.CodeInvalidTimestamp, out["error_response"]["code"], tc.skew)
		}
	}
}

// TestLimits: one a minute, five an hour, ten a day, on the injected clock.
func TestLimits(t *testing.T) {
	c := testclock.New(time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC))
	srv := alidayutest.NewServer(alidayutest.Options{Templates: templates, Now: c.Now})
	defer srv.Close()
	send := func() map[string]map[string]any { return post(t, srv, signed("hmac", c.Now(), "13800138000").Encode()) }
	require.True(t, accepted(send()))
	out := send()
	assert.Equal(t, "isv.BUSINESS_LIMIT_CONTROL", out["error_response"]["sub_code"])
	assert.Equal(t, "触发分钟级流控Permits:1", out["error_response"]["sub_msg"])
	for range 4 {
		c.Advance(time.Minute)
		require.True(t, accepted(send()))
	}
	c.Advance(time.Minute)
	assert.Equal(t, "触发小时级流控Permits:5", send()["error_response"]["sub_msg"])
	for range 5 {
		c.Advance(time.Hour)
		require.True(t, accepted(send()))
	}
	c.Advance(time.Hour)
	assert.Equal(t, "触发天级流控Permits:10", send()["error_response"]["sub_msg"])
	c.Advance(24 * time.Hour)
	assert.True(t, accepted(send()))
	assert.True(t, accepted(post(t, srv, signed("hmac", c.Now(), "13800138001").Encode())), "another number")
}

func TestBusinessChecks(t *testing.T) {
	srv := alidayutest.NewServer(alidayutest.Options{Templates: templates, Limits: alidayutest.Limits{Disabled: true}})
	defer srv.Close()
	many := make([]string, 201)
	for i := range many {
		many[i] = "139" + strconv.Itoa(10000000+i)
	}
	for _, tc := range []struct {
		name, key, value, sub string
	}{
		{"type", "sms_type", "voice", "isv.INVALID_PARAMETERS"},
		{"number", "rec_num", "+8613800138000", "isv.MOBILE_NUMBER_ILLEGAL"},
		{"count", "rec_num", strings.Join(many, ","), "isv.MOBILE_COUNT_OVER_LIMIT"},
		{"template", "sms_template_code", "SMS_2", "isv.SMS_TEMPLATE_ILLEGAL"},
		{"sign", "sms_free_sign_name", "别的", "isv.SMS_SIGNATURE_ILLEGAL"},
		{"json", "sms_param", `{"code":1}`, "isv.INVALID_JSON_PARAM"},
		{"missing", "sms_param", `{"other":"1"}`, "isv.TEMPLATE_MISSING_PARAMETERS"},
	} {
		p := signed("md5", time.Now(), "13800138000")
		p.Set(tc.key, tc.value)
		p.Set("sign", alidayutest.Sign(p, alidayutest.TestAppSecret, "md5"))
		out := post(t, srv, p.Encode())
		assert.EqualValues(t, alidayutest.CodeRemoteServiceError, out["error_response"]["code"], tc.name)
		assert.Equal(t, tc.sub, out["error_response"]["sub_code"], tc.name)
	}
	assert.Zero(t, srv.Accepted())
	p := signed("md5", time.Now(), "13800138000,13800138001")
	out := post(t, srv, p.Encode())
	require.True(t, accepted(out))
	assert.Equal(t, 2, srv.Accepted(), "one message per number")
}

func TestFaultsQueueThenFunction(t *testing.T) {
	srv := alidayutest.NewServer(alidayutest.Options{Templates: templates, Limits: alidayutest.Limits{Disabled: true}})
	defer srv.Close()
	srv.QueueFault(alidayutest.Fault{Code: alidayutest.CodeAppCallLimited}, alidayutest.Fault{SubCode: "isp.SYSTEM_ERROR"})
	srv.SetFaults(func(r alidayutest.Request) alidayutest.Fault {
		if r.RecNum[0] == "13800138001" {
			return alidayutest.Fault{SubCode: "isv.AMOUNT_NOT_ENOUGH"}
		}
		return alidayutest.Fault{}
	})
	body := func(n string) string { return signed("hmac", time.Now(), n).Encode() }
	assert.EqualValues(t, 7, post(t, srv, body("13800138000"))["error_response"]["code"])
	assert.Equal(t, "isp.SYSTEM_ERROR", post(t, srv, body("13800138000"))["error_response"]["sub_code"])
	assert.Equal(t, "isv.AMOUNT_NOT_ENOUGH", post(t, srv, body("13800138001"))["error_response"]["sub_code"])
	assert.True(t, accepted(post(t, srv, body("13800138000"))))
	srv.ClearFaults()
	assert.True(t, accepted(post(t, srv, body("13800138001"))))
	assert.Equal(t, 5, srv.Requests())
	assert.Equal(t, 2, srv.Accepted())
}
