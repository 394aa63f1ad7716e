package aliyuntest

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
)

// newIntlVoiceServer serves the new actions with a TTS template and an
// international template.
func newIntlVoiceServer(t *testing.T) (*Server, *handClient) {
	clock := testclock.New(t0)
	srv := NewServer(Options{Now: clock.Now, Templates: map[string]Template{
		"TTS_100000001": {Text: "您的验证码是${code}", Kind: Verification},
		"SMS_900000001": {Text: "Your code is ${code}", Kind: International},
	}})
	t.Cleanup(srv.Close)
	return srv, newHandClient(t, srv, clock.Now)
}

// rawPost POSTs query, already encoded, and returns the status and body.
func rawPost(t *testing.T, c *handClient, query string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.url+"/?"+query, nil)
	require.NoError(t, err)
	resp, err := c.http.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// TestSignatureRejectsEveryByteChange: for the new actions, which share
// SendSms's signature check, changing any one byte of a signed request
// (its encoded query, as the SDK sends it) is refused and places no call
// and stores no message; the unchanged request is accepted.
func TestSignatureRejectsEveryByteChange(t *testing.T) {
	for _, tc := range []struct {
		action string
		params map[string]string
		ok     func(body string) bool
	}{
		{ActionSingleCallByTts, map[string]string{"CalledNumber": "13800138000", "CalledShowNumber": "057100000000",
			"TtsCode": "TTS_100000001", "TtsParam": `{"code":"4821"}`, "PlayTimes": "2", "OutId": "o-1"},
			func(body string) bool {
				var r struct{ Code, CallId string }
				return json.Unmarshal([]byte(body), &r) == nil && r.Code == "OK" && r.CallId != ""
			}},
		{ActionSendMessageToGlobe, map[string]string{"To": "6591234567", "From": DefaultSenderID,
			"Message": "Your code is 4821", "Type": TypeOTP, "TaskId": "t-1", "Version": IntlAPIVersion},
			func(body string) bool {
				var r struct{ ResponseCode, MessageId string }
				return json.Unmarshal([]byte(body), &r) == nil && r.ResponseCode == "OK" && r.MessageId != ""
			}},
	} {
		t.Run(tc.action, func(t *testing.T) {
			srv, c := newIntlVoiceServer(t)
			good := c.signed(http.MethodPost, tc.action, tc.params).Encode()
			for i := 0; i < len(good); i++ {
				b := []byte(good)
				if b[i] == 'A' {
					b[i] = 'B'
				} else {
					b[i] = 'A'
				}
				status, body := rawPost(t, c, string(b))
				if tc.ok(body) || status == http.StatusOK && len(srv.Messages()) > 0 {
					t.Fatalf("byte %d changed (%q): accepted", i, good[max(0, i-8):min(len(good), i+8)])
				}
			}
			assert.Empty(t, srv.Messages(), "no changed request was accepted")
			status, body := rawPost(t, c, good)
			require.True(t, tc.ok(body), "the unchanged request is valid: %d %s", status, body)
			assert.Len(t, srv.Messages(), 1)
		})
	}
}

// The international actions are served under Version 2018-05-01 only,
// and SingleCallByTts under 2017-05-25.
func TestNewActionVersions(t *testing.T) {
	_, c := newIntlVoiceServer(t)
	r := c.call(ActionSendMessageToGlobe, map[string]string{"Version": apiVersion, "To": "6591234567", "Message": "x"})
	assert.Equal(t, codeInvalidVersion, r.Code)
	r = c.call(ActionSendMessageToGlobe, map[string]string{"Version": IntlAPIVersion, "To": "6591234567", "Message": "x"})
	assert.Equal(t, http.StatusOK, r.Status)
	assert.Empty(t, r.Code, "international answers carry ResponseCode, not Code")
	r = c.call(ActionSingleCallByTts, map[string]string{"Version": IntlAPIVersion,
		"CalledNumber": "13800138000", "TtsCode": "TTS_100000001", "TtsParam": `{"code":"4821"}`})
	assert.Equal(t, codeInvalidVersion, r.Code)
}

// The voice and international refusals.
func TestNewActionRefusals(t *testing.T) {
	srv, c := newIntlVoiceServer(t)
	voice := func(extra map[string]string) apiResult {
		p := map[string]string{"CalledNumber": "13800138000", "TtsCode": "TTS_100000001", "TtsParam": `{"code":"4821"}`}
		for k, v := range extra {
			p[k] = v
		}
		return c.call(ActionSingleCallByTts, p)
	}
	assert.Equal(t, CodeTTSTemplateIllegal, voice(map[string]string{"TtsCode": "TTS_2"}).Code)
	assert.Equal(t, CodeDisplayNumberIllegal, voice(map[string]string{"CalledShowNumber": "x"}).Code)
	assert.Equal(t, codeMobileNumberIllegal, voice(map[string]string{"CalledNumber": "6591234567"}).Code)
	assert.Equal(t, codeInvalidParameters, voice(map[string]string{"PlayTimes": "4"}).Code)
	assert.Empty(t, srv.Messages())
	assert.Equal(t, "OK", voice(nil).Code)
	call, ok := srv.LastCallTo("+8613800138000")
	require.True(t, ok)
	assert.Equal(t, "4821", call.Params["code"])
}
