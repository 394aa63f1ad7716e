package tencenttest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/provider/tencent/tencenttest"
)

// signedSend sends a SendSms signed with tencenttest.Sign at the emulator's
// clock, so that tests can move the clock anywhere (the SDK stamps the real
// time), and returns the number's status code.
func signedSend(t *testing.T, srv *tencenttest.Server, now time.Time, params map[string]any) string {
	t.Helper()
	body, err := json.Marshal(params)
	require.NoError(t, err)
	ts := strconv.FormatInt(now.Unix(), 10)
	sig := tencenttest.Sign(tencenttest.TestSecretKey, "POST", srv.Host, "application/json", "content-type;host", ts, body)
	req, err := http.NewRequest("POST", srv.URL+"/", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", "SendSms")
	req.Header.Set("X-TC-Version", tencenttest.Version)
	req.Header.Set("X-TC-Region", "ap-guangzhou")
	req.Header.Set("X-TC-Timestamp", ts)
	req.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential="+tencenttest.TestSecretID+"/"+
		now.UTC().Format("2006-01-02")+"/sms/tc3_request, SignedHeaders=content-type;host, Signature="+sig)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out struct {
		Response struct {
			Error         *struct{ Code string }
			SendStatusSet []struct{ Code string }
		}
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	if out.Response.Error != nil {
		return out.Response.Error.Code
	}
	require.Len(t, out.Response.SendStatusSet, 1)
	return out.Response.SendStatusSet[0].Code
}

// TestLimitWindows moves the emulator's clock: the 30-second limit ends
// after 30 seconds, the hourly one after an hour, and the daily one at
// midnight in China (16:00 UTC), not 24 hours later.
func TestLimitWindows(t *testing.T) {
	china := time.FixedZone("CST", 8*3600)
	c := &clock{now: time.Date(2026, 11, 27, 8, 0, 0, 0, china)}
	srv := tencenttest.NewServer(tencenttest.Options{Templates: templates, Now: c.Now})
	defer srv.Close()
	send := func(content string) string {
		p := sample("+8613800138000")
		p["TemplateParamSet"] = []string{content, "5"}
		return signedSend(t, srv, c.now, p)
	}
	assert.Equal(t, "Ok", send("1111"))
	c.now = c.now.Add(29 * time.Second)
	assert.Equal(t, "LimitExceeded.PhoneNumberThirtySecondLimit", send("1111"))
	c.now = c.now.Add(2 * time.Second)
	assert.Equal(t, "Ok", send("1111"), "31 seconds later")
	for i := 0; i < 3; i++ {
		c.now = c.now.Add(time.Minute)
		assert.Equal(t, "Ok", send(strconv.Itoa(2000+i)))
	}
	assert.Equal(t, "LimitExceeded.PhoneNumberOneHourLimit", send("3000"), "five within the hour")
	c.now = time.Date(2026, 11, 27, 9, 1, 0, 0, china)
	for i := 0; i < 5; i++ {
		assert.Equal(t, "Ok", send(strconv.Itoa(4000+i)), "an hour later, message %d", i)
		c.now = c.now.Add(time.Minute)
	}
	assert.Equal(t, 10, srv.Accepted())
	c.now = time.Date(2026, 11, 27, 23, 59, 0, 0, china)
	assert.Equal(t, "LimitExceeded.PhoneNumberDailyLimit", send("5000"), "ten on the 27th, China time")
	c.now = time.Date(2026, 11, 28, 0, 0, 30, 0, china)
	assert.Equal(t, "Ok", send("5001"), "a new day at midnight in China")
	assert.Equal(t, 11, srv.Accepted())
}

// TestSignMatchesSDK: a request signed with Sign passes, and one signed
// with another key does not; together with TestOfficialClientSends this
// shows Sign is the SDK's algorithm.
func TestSignMatchesSDK(t *testing.T) {
	c := &clock{now: time.Now()}
	srv := tencenttest.NewServer(tencenttest.Options{Templates: templates, Now: c.Now})
	defer srv.Close()
	assert.Equal(t, "Ok", signedSend(t, srv, c.now, sample("+8613800138000")))
	srv2 := tencenttest.NewServer(tencenttest.Options{Templates: templates, Now: c.Now, SecretKey: "other", SecretID: tencenttest.TestSecretID})
	defer srv2.Close()
	assert.Equal(t, "AuthFailure.SignatureFailure", signedSend(t, srv2, c.now, sample("+8613800138000")))
}
