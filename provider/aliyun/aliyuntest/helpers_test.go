package aliyuntest

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
)

// t0 is the start of hand-signed tests: 2024-03-01 10:00:00 Beijing time.
var t0 = time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC)

// testSign signs params the way the Aliyun documentation describes it,
// independently of signature.go: url.Values.Encode, then the three RFC 3986
// corrections, then the whole string escaped again.
func testSign(method string, params url.Values, secret string) string {
	v := url.Values{}
	for k, vs := range params {
		if k != "Signature" {
			v[k] = vs
		}
	}
	canonical := v.Encode()
	canonical = strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(canonical)
	sts := method + "&%2F&" + url.QueryEscape(canonical)
	sts = strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(sts)
	return signature2(secret, sts)
}

// handClient builds and sends hand-signed requests, timestamped by a clock.
type handClient struct {
	t      *testing.T
	url    string
	id     string
	secret string
	now    func() time.Time
	http   *http.Client
	nonce  *atomic.Int64
}

// on returns a copy of c that reports to t, for use in subtests.
func (c *handClient) on(t *testing.T) *handClient {
	cp := *c
	cp.t = t
	return &cp
}

func newHandClient(t *testing.T, srv *Server, now func() time.Time) *handClient {
	t.Helper()
	tr := &http.Transport{DisableKeepAlives: true} // a dropped GET must not be retried on a fresh connection
	t.Cleanup(tr.CloseIdleConnections)
	return &handClient{t: t, url: srv.URL, id: TestAccessKeyID, secret: TestAccessKeySecret, now: now, nonce: new(atomic.Int64), http: &http.Client{Transport: tr, Timeout: 10 * time.Second}}
}

// common returns the common parameters for action.
func (c *handClient) common(action string) url.Values {
	return url.Values{
		"AccessKeyId":      {c.id},
		"Action":           {action},
		"Format":           {"JSON"},
		"RegionId":         {"cn-hangzhou"},
		"SignatureMethod":  {"HMAC-SHA1"},
		"SignatureNonce":   {"nonce-" + strconv.FormatInt(c.nonce.Add(1), 10) + "-" + c.t.Name()},
		"SignatureVersion": {"1.0"},
		"Timestamp":        {c.now().UTC().Format("2006-01-02T15:04:05Z")},
		"Version":          {"2017-05-25"},
	}
}

// signed returns the common parameters for action plus extra, signed for method.
func (c *handClient) signed(method, action string, extra map[string]string) url.Values {
	p := c.common(action)
	for k, v := range extra {
		p.Set(k, v)
	}
	p.Set("Signature", testSign(method, p, c.secret))
	return p
}

// apiResult is the union of the fields the tests read from any response.
type apiResult struct {
	Status     int
	Code       string `json:"Code" xml:"Code"`
	Message    string `json:"Message" xml:"Message"`
	RequestID  string `json:"RequestId" xml:"RequestId"`
	BizID      string `json:"BizId" xml:"BizId"`
	HostID     string `json:"HostId" xml:"HostId"`
	Recommend  string `json:"Recommend" xml:"Recommend"`
	TotalCount int    `json:"TotalCount" xml:"TotalCount"`
	Details    struct {
		List []struct {
			PhoneNum     string
			SendStatus   int
			ErrCode      string
			TemplateCode string
			Content      string
			SendDate     string
			ReceiveDate  string
			OutId        string
		} `json:"SmsSendDetailDTO"`
	} `json:"SmsSendDetailDTOs" xml:"-"`
}

// send posts query (in the URL) and form (in the body, if not nil) with method.
func (c *handClient) send(method string, query, form url.Values) apiResult {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.url+"/?"+query.Encode(), body)
	require.NoError(c.t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.http.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	var r apiResult
	if strings.HasPrefix(string(raw), "<?xml") {
		require.NoError(c.t, xml.Unmarshal(raw, &r), "body %s", raw)
	} else {
		require.NoError(c.t, json.Unmarshal(raw, &r), "body %s", raw)
	}
	r.Status = resp.StatusCode
	require.NotEmpty(c.t, r.RequestID, "every response has a RequestId: %s", raw)
	return r
}

// call signs and POSTs action with extra in the query, as the SDK does.
func (c *handClient) call(action string, extra map[string]string) apiResult {
	c.t.Helper()
	return c.send(http.MethodPost, c.signed(http.MethodPost, action, extra), nil)
}

// sendSms is call("SendSms", ...) for the default sign and template.
func (c *handClient) sendSms(numbers, code string) apiResult {
	c.t.Helper()
	return c.call("SendSms", map[string]string{
		"PhoneNumbers":  numbers,
		"SignName":      DefaultSignName,
		"TemplateCode":  DefaultTemplateCode,
		"TemplateParam": `{"code":"` + code + `"}`,
	})
}

// newSDK returns a fresh official SDK client (one per goroutine: the SDK is
// not safe for concurrent use) with its idle connections closed at cleanup.
func newSDK(t testing.TB, id, secret string) *dysmsapi.Client {
	t.Helper()
	client, err := dysmsapi.NewClientWithAccessKey("cn-hangzhou", id, secret)
	require.NoError(t, err)
	t.Cleanup(client.Shutdown)
	return client
}

// sdkSendSms builds a SendSms request aimed at srv.
func sdkSendSms(srv *Server, numbers, param string) *dysmsapi.SendSmsRequest {
	req := dysmsapi.CreateSendSmsRequest()
	req.Domain = srv.Host
	req.Scheme = "http"
	req.PhoneNumbers = numbers
	req.SignName = DefaultSignName
	req.TemplateCode = DefaultTemplateCode
	req.TemplateParam = param
	return req
}

// realClockServer starts a server whose injected clock starts at the real
// time, as the SDK timestamps requests with time.Now, and can be advanced
// by less than the clock skew.
func realClockServer(t *testing.T, opts Options) (*Server, *testclock.Clock) {
	t.Helper()
	clock := testclock.New(time.Now().UTC().Truncate(time.Second))
	opts.Now = clock.Now
	srv := NewServer(opts)
	t.Cleanup(srv.Close)
	return srv, clock
}

// signature2 is base64(HMAC-SHA1(secret + "&", sts)).
func signature2(secret, sts string) string {
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(sts))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

// url0 returns unsigned SendSms parameters timestamped by now.
func url0(now func() time.Time) url.Values {
	return url.Values{
		"AccessKeyId": {TestAccessKeyID}, "Action": {"SendSms"}, "Format": {"JSON"}, "RegionId": {"cn-hangzhou"},
		"SignatureMethod": {"HMAC-SHA1"}, "SignatureVersion": {"1.0"}, "Timestamp": {now().UTC().Format("2006-01-02T15:04:05Z")},
		"Version": {"2017-05-25"}, "PhoneNumbers": {"13800138000"}, "SignName": {DefaultSignName},
		"TemplateCode": {DefaultTemplateCode}, "TemplateParam": {`{"code":"1234"}`},
	}
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
