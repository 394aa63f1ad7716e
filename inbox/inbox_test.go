package inbox

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

func TestOfficialSDKsReachTheInbox(t *testing.T) {
	s := start(t, Config{})
	resp, err := classicSend(classicSDK(t), s, "13800138000", "4821")
	require.NoError(t, err)
	require.Equal(t, "OK", resp.Code)
	v3, err := v3Send(t, s, "13800138001", "7312")
	require.NoError(t, err)
	require.Equal(t, "OK", v3["body"].(map[string]any)["Code"])
	_, err = twilioSend(s, "+14155552671", "Your code is 904112. It expires in 10 minutes.")
	require.NoError(t, err)

	var list List
	require.Equal(t, 200, call(t, s, "GET", "/api/v1/messages", "", &list))
	require.Equal(t, 3, list.Total)
	assert.Equal(t, ProviderTwilio, list.Messages[0].Provider, "newest first")
	assert.Equal(t, "+14155552671", list.Messages[0].Number)
	assert.Equal(t, "904112", list.Messages[0].Code)
	assert.Equal(t, "+8613800138001", list.Messages[1].Number)
	assert.Equal(t, "7312", list.Messages[1].Code)
	assert.Equal(t, "Verification", list.Messages[1].Kind)
	assert.Equal(t, StatusWaiting, list.Messages[1].Status)
	assert.Contains(t, list.Messages[2].Text, "4821")
	assert.Equal(t, aliyuntest.DefaultTemplateCode, list.Messages[2].Template)

	var code Code
	require.Equal(t, 200, call(t, s, "GET", "/api/v1/numbers/13800138000/code", "", &code))
	assert.Equal(t, "4821", code.Code)
	require.Equal(t, 200, call(t, s, "GET", "/api/v1/numbers/+8613800138000/code", "", &code), "any form of the number")
	var latest Message
	require.Equal(t, 200, call(t, s, "GET", "/api/v1/numbers/%2B14155552671/latest", "", &latest))
	assert.Equal(t, "904112", latest.Code)
	assert.Equal(t, 404, call(t, s, "GET", "/api/v1/numbers/13900000000/code", "", nil))
}

func TestSearchAndFilters(t *testing.T) {
	s := start(t, Config{Aliyun: aliyuntest.Options{Limits: aliyuntest.Limits{Disabled: true}}})
	c := classicSDK(t)
	for _, n := range []string{"13800138000", "13800138000", "13900139000"} {
		resp, err := classicSend(c, s, n, "1234")
		require.NoError(t, err)
		require.Equal(t, "OK", resp.Code)
	}
	_, err := twilioSend(s, "+14155552671", "hello there")
	require.NoError(t, err)
	tests := []struct {
		query string
		total int
	}{
		{"", 4},
		{"?q=139001", 1},
		{"?q=" + aliyuntest.DefaultTemplateCode, 3},
		{"?q=HELLO", 1},
		{"?q=%E9%98%BF%E9%87%8C%E4%BA%91", 3}, // the sign, 阿里云
		{"?number=13800138000", 2},
		{"?number=%2B8613800138000&limit=1", 2},
		{"?q=nothing-matches", 0},
		{"?since=2000-01-01T00:00:00Z&before=2001-01-01T00:00:00Z", 0},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			var list List
			require.Equal(t, 200, call(t, s, "GET", "/api/v1/messages"+tc.query, "", &list))
			assert.Equal(t, tc.total, list.Total)
		})
	}
	for _, bad := range []string{"?limit=0", "?limit=x", "?limit=1001", "?since=yesterday"} {
		assert.Equal(t, 400, call(t, s, "GET", "/api/v1/messages"+bad, "", nil), bad)
	}
}

func TestDeleteAndClear(t *testing.T) {
	s := start(t, Config{})
	c := classicSDK(t)
	for _, n := range []string{"13800138000", "13900139000"} {
		_, err := classicSend(c, s, n, "1234")
		require.NoError(t, err)
	}
	var list List
	call(t, s, "GET", "/api/v1/messages", "", &list)
	require.Len(t, list.Messages, 2)
	id := list.Messages[0].ID
	assert.Equal(t, 200, call(t, s, "GET", "/api/v1/messages/"+id, "", nil))
	assert.Equal(t, 204, call(t, s, "DELETE", "/api/v1/messages/"+id, "", nil))
	assert.Equal(t, 404, call(t, s, "GET", "/api/v1/messages/"+id, "", nil))
	assert.Equal(t, 404, call(t, s, "DELETE", "/api/v1/messages/"+id, "", nil))
	call(t, s, "GET", "/api/v1/messages", "", &list)
	assert.Equal(t, 1, list.Total)

	assert.Equal(t, 204, call(t, s, "DELETE", "/api/v1/messages", "", nil))
	call(t, s, "GET", "/api/v1/messages", "", &list)
	assert.Equal(t, 0, list.Total)
	assert.Empty(t, s.Aliyun().Messages(), "clear also empties the emulator")
}

func TestChaosMakesTheNextSendFail(t *testing.T) {
	s := start(t, Config{})
	c := classicSDK(t)
	tests := []struct {
		class   string
		code    string // business error Code, or gateway ErrorCode
		gateway bool
	}{
		{ChaosThrottling, "Throttling.User", true},
		{ChaosNumberLimit, "isv.BUSINESS_LIMIT_CONTROL", false},
		{ChaosInvalidNumber, "isv.MOBILE_NUMBER_ILLEGAL", false},
		{ChaosSignRefused, "isv.SMS_SIGNATURE_ILLEGAL", false},
		{ChaosTemplateRefused, "isv.SMS_TEMPLATE_ILLEGAL", false},
		{ChaosOutOfBalance, "isv.AMOUNT_NOT_ENOUGH", false},
	}
	for _, tc := range tests {
		t.Run(tc.class, func(t *testing.T) {
			body := `{"probability":{"` + tc.class + `":100}}`
			require.Equal(t, 200, call(t, s, "PUT", "/api/v1/chaos", body, nil))
			resp, err := classicSend(c, s, "13800138000", "1234")
			if tc.gateway {
				var se *sdkerrors.ServerError
				require.True(t, errors.As(err, &se), "%v", err)
				assert.Equal(t, tc.code, se.ErrorCode())
			} else {
				require.NoError(t, err)
				assert.Equal(t, tc.code, resp.Code)
			}
			_, err = twilioSend(s, "+14155552671", "code 1234")
			assert.Error(t, err, "Twilio sends fail too")
		})
	}
	t.Run("drop after accept", func(t *testing.T) {
		require.Equal(t, 200, call(t, s, "PUT", "/api/v1/chaos", `{"probability":{"drop_after_accept":100}}`, nil))
		before := len(s.Aliyun().Messages())
		_, err := classicSend(c, s, "13700137000", "1234")
		require.Error(t, err)
		assert.Len(t, s.Aliyun().Messages(), before+1, "accepted although the client saw an error")
		var list List
		call(t, s, "GET", "/api/v1/messages?number=13700137000", "", &list)
		assert.Equal(t, 1, list.Total, "and it is in the inbox")
	})
	require.Equal(t, 200, call(t, s, "PUT", "/api/v1/chaos", `{"probability":{}}`, nil))
	resp, err := classicSend(c, s, "13600136000", "1234")
	require.NoError(t, err)
	assert.Equal(t, "OK", resp.Code, "chaos off")

	var got Chaos
	require.Equal(t, 200, call(t, s, "GET", "/api/v1/chaos", "", &got))
	assert.Len(t, got.Probability, len(ChaosClasses))
	for _, bad := range []string{`{"probability":{"meteor":5}}`, `{"probability":{"latency":101}}`, `{"probability":{"latency":-1}}`, `{"latencyMs":-5}`, `{"other":1}`, `not json`} {
		assert.Equal(t, 400, call(t, s, "PUT", "/api/v1/chaos", bad, nil), bad)
	}
}

func TestChaosProbabilityAndLatency(t *testing.T) {
	rolls := []float64{10, 60} // first send: 10 < 50 fires; second: 60 does not
	i := 0
	s := start(t, Config{Rand: func() float64 { r := rolls[i%len(rolls)]; i++; return r }})
	require.NoError(t, s.SetChaos(Chaos{Probability: map[string]float64{ChaosOutOfBalance: 50}}))
	c := classicSDK(t)
	resp, err := classicSend(c, s, "13800138000", "1234")
	require.NoError(t, err)
	assert.Equal(t, "isv.AMOUNT_NOT_ENOUGH", resp.Code)
	resp, err = classicSend(c, s, "13800138000", "1234")
	require.NoError(t, err)
	assert.Equal(t, "OK", resp.Code)

	require.NoError(t, s.SetChaos(Chaos{Probability: map[string]float64{ChaosLatency: 100}, LatencyMS: 300}))
	i = 0
	begin := time.Now()
	resp, err = classicSend(c, s, "13900139000", "1234")
	require.NoError(t, err)
	assert.Equal(t, "OK", resp.Code)
	assert.GreaterOrEqual(t, time.Since(begin), 300*time.Millisecond)
}

func TestReceiptControlChangesQuerySendDetails(t *testing.T) {
	s := start(t, Config{})
	c := classicSDK(t)
	resp, err := classicSend(c, s, "13800138000", "1234")
	require.NoError(t, err)
	query := func() int {
		req := dysmsapi.CreateQuerySendDetailsRequest()
		req.Domain, req.Scheme = host(s), "http"
		req.PhoneNumber = "13800138000"
		req.BizId = resp.BizId
		req.SendDate = time.Now().In(time.FixedZone("CST", 8*3600)).Format("20060102")
		req.PageSize = "10"
		req.CurrentPage = "1"
		r, err := c.QuerySendDetails(req)
		require.NoError(t, err)
		require.Len(t, r.SmsSendDetailDTOs.SmsSendDetailDTO, 1)
		return int(r.SmsSendDetailDTOs.SmsSendDetailDTO[0].SendStatus)
	}
	assert.Equal(t, 1, query(), "waiting")
	var list List
	call(t, s, "GET", "/api/v1/messages", "", &list)
	id := list.Messages[0].ID
	var m Message
	require.Equal(t, 200, call(t, s, "POST", "/api/v1/messages/"+id+"/receipt", `{"status":"failed","errCode":"MK:0001"}`, &m))
	assert.Equal(t, StatusFailed, m.Status)
	assert.Equal(t, "MK:0001", m.ErrCode)
	assert.Equal(t, 2, query(), "failed")
	require.Equal(t, 200, call(t, s, "POST", "/api/v1/messages/"+id+"/receipt", `{"status":"delivered"}`, &m))
	assert.Equal(t, 3, query(), "delivered")

	assert.Equal(t, 400, call(t, s, "POST", "/api/v1/messages/"+id+"/receipt", `{"status":"lost"}`, nil))
	assert.Equal(t, 404, call(t, s, "POST", "/api/v1/messages/nope/receipt", `{"status":"failed"}`, nil))
	tw, err := twilioSend(s, "+14155552671", "hi 1234")
	require.NoError(t, err)
	require.Equal(t, 200, call(t, s, "POST", "/api/v1/messages/"+*tw.Sid+"/receipt", `{"status":"failed","errCode":"30005"}`, &m))
	assert.Equal(t, StatusFailed, m.Status)
	assert.Equal(t, "30005", m.ErrCode)
	got, ok := s.Twilio().Message(*tw.Sid)
	require.True(t, ok)
	assert.Equal(t, "undelivered", got.Status, "fetching the message reports it")
	require.Equal(t, 200, call(t, s, "POST", "/api/v1/messages/"+*tw.Sid+"/receipt", `{"status":"delivered"}`, &m))
	assert.Equal(t, StatusDelivered, m.Status)
	assert.Equal(t, 400, call(t, s, "POST", "/api/v1/messages/"+*tw.Sid+"/receipt", `{"status":"failed","errCode":"MK:1"}`, nil))
}

func TestBasicAuth(t *testing.T) {
	s := start(t, Config{BasicAuth: BasicAuth{User: "qa", Password: "pw"}})
	for _, path := range []string{"/api/v1/messages", "/api/v1/chaos", "/metrics", "/ui/", "/api/v1/events"} {
		assert.Equal(t, 401, call(t, s, "GET", path, "", nil), path)
	}
	assert.Equal(t, 200, call(t, s, "GET", "/livez", "", nil))
	resp, err := classicSend(classicSDK(t), s, "13800138000", "1234")
	require.NoError(t, err, "provider APIs keep their own signatures")
	assert.Equal(t, "OK", resp.Code)
	req, _ := http.NewRequest("GET", s.URL()+"/api/v1/messages", nil)
	req.SetBasicAuth("qa", "pw")
	r, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	r.Body.Close()
	assert.Equal(t, 200, r.StatusCode)
	req.SetBasicAuth("qa", "wrong")
	r, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	r.Body.Close()
	assert.Equal(t, 401, r.StatusCode)

	_, err = New(Config{BasicAuth: BasicAuth{Password: "pw"}})
	assert.Error(t, err)
}

func TestMetricsAndHealth(t *testing.T) {
	s := start(t, Config{})
	_, err := classicSend(classicSDK(t), s, "13800138000", "1234")
	require.NoError(t, err)
	resp, err := http.Get(s.URL() + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/plain; version=0.0.4")
	text := string(body)
	assert.Contains(t, text, `smskit_inbox_messages_received_total{provider="aliyun"} 1`)
	assert.Contains(t, text, "smskit_inbox_messages_stored 1")
	assert.Contains(t, text, `smskit_inbox_provider_requests_total{provider="aliyun",action="SendSms"} 1`)
	assert.Contains(t, text, "# TYPE smskit_inbox_chaos_injected_total counter")
	assert.NotContains(t, text, "13800138000")
	for _, p := range []string{"/livez", "/readyz", "/api/v1/health"} {
		assert.Equal(t, 200, call(t, s, "GET", p, "", nil), p)
	}
}

func TestRootSendsBrowsersToTheUI(t *testing.T) {
	s := start(t, Config{})
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", s.URL()+"/", nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	resp, err := c.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusFound, resp.StatusCode)
	assert.Equal(t, "/ui/", resp.Header.Get("Location"))

	resp, err = c.Get(s.URL() + "/ui/")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), "This page holds verification codes.")
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'self'")
	assert.NotContains(t, string(body), "http://", "no external assets")
	assert.NotContains(t, string(body), "https://", "no external assets")

	resp, err = c.Get(s.URL() + "/") // an API client without Action
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), "MissingAction")
}

func TestRetention(t *testing.T) {
	for name, open := range map[string]func(t *testing.T) store{
		"memory": func(*testing.T) store { return newMemStore(3, time.Hour) },
		"sqlite": func(t *testing.T) store {
			st, err := openSQLite(filepath.Join(t.TempDir(), "inbox.db"), "run1", 3, time.Hour)
			require.NoError(t, err)
			t.Cleanup(func() { _ = st.close() })
			return st
		},
	} {
		t.Run(name, func(t *testing.T) { testRetention(t, open(t)) })
	}
}

func testRetention(t *testing.T, st store) {
	clock := testclock.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	add := func(id string) {
		st.add(&record{msg: Message{ID: id, Number: "+8613800138000", Time: clock.Now()}}, clock.Now())
	}
	for _, id := range []string{"a", "b", "c", "d"} {
		add(id)
		clock.Advance(10 * time.Minute)
	}
	recs, total := st.find(Filter{}, clock.Now())
	require.Equal(t, 3, total, "count bound")
	assert.Equal(t, "d", recs[0].msg.ID)
	assert.Equal(t, "b", recs[2].msg.ID)
	clock.Advance(35 * time.Minute) // b is 65 min old, c 55 min
	_, total = st.find(Filter{}, clock.Now())
	assert.Equal(t, 2, total, "age bound")
	_, ok := st.get("b")
	assert.False(t, ok)
	assert.Equal(t, 2, st.len())
	assert.True(t, st.update("c", func(r *record) { r.failed = true }))
	c, ok := st.get("c")
	require.True(t, ok)
	assert.True(t, c.failed)
	assert.False(t, st.update("b", func(*record) {}))
	assert.True(t, st.remove("c"))
	assert.False(t, st.remove("c"))
	st.clear()
	assert.Equal(t, 0, st.len())
}

func TestPickCode(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		params map[string]string
		text   string
		want   string
	}{
		{"code param", "Notification", map[string]string{"name": "Li", "code": "A1B2"}, "", "A1B2"},
		{"only variable of a verification template", "Verification", map[string]string{"num": "5521"}, "", "5521"},
		{"digits in text", "", nil, "Your code is 904112. Valid 10 minutes.", "904112"},
		{"no longer numbers", "", nil, "Order 1234567890 shipped", ""},
		{"chinese text", "", nil, "验证码：8832，5分钟内有效", "8832"},
		{"none", "Notification", map[string]string{"name": "Li"}, "Hello Li", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, pickCode(tc.kind, tc.params, tc.text))
		})
	}
}

func TestNormalizeNumber(t *testing.T) {
	for in, want := range map[string]string{
		"13800138000":       "+8613800138000",
		"+8613800138000":    "+8613800138000",
		"008613800138000":   "+8613800138000",
		"8613800138000":     "+8613800138000",
		"85212345678":       "+85212345678",
		"+1 (415) 555-2671": "+14155552671",
		"":                  "",
	} {
		assert.Equal(t, want, normalizeNumber(in), in)
	}
}

func TestRunShutsDownGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- Run(ctx, Config{Addr: "127.0.0.1:0"}) }()
	cancel()
	select {
	case err := <-errc:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	err := Run(context.Background(), Config{Addr: "256.0.0.1:99999"})
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "listen"), err.Error())
}

func TestShutdownEndsInjectedLatency(t *testing.T) {
	s, err := New(Config{Addr: "127.0.0.1:0"})
	require.NoError(t, err)
	require.NoError(t, s.Listen())
	go func() { _ = s.Serve() }()
	require.NoError(t, s.SetChaos(Chaos{Probability: map[string]float64{ChaosLatency: 100}, LatencyMS: 60_000}))
	sent := make(chan error, 1)
	go func() {
		_, err := classicSend(classicSDK(t), s, "13800138000", "1234")
		sent <- err
	}()
	require.Eventually(t, func() bool { return s.Aliyun().Requests("SendSms") == 1 }, 5*time.Second, 10*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	begin := time.Now()
	assert.ErrorIs(t, s.Shutdown(ctx), context.DeadlineExceeded, "the request outlived the grace period")
	assert.Less(t, time.Since(begin), 5*time.Second)
	select {
	case err := <-sent:
		assert.Error(t, err, "the held request was dropped, nothing accepted")
	case <-time.After(10 * time.Second):
		t.Fatal("the held request did not end")
	}
	assert.Empty(t, s.Aliyun().Messages())
}
