package inbox

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/stretchr/testify/require"
	"github.com/twilio/twilio-go/client"
	twapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// start runs an inbox on a free loopback port for the test.
func start(t testing.TB, cfg Config) *Server {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	s, err := New(cfg)
	require.NoError(t, err)
	require.NoError(t, s.Listen())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Serve()
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
		<-done
	})
	return s
}

// host is "127.0.0.1:PORT" of s.
func host(s *Server) string { return strings.TrimPrefix(s.URL(), "http://") }

// classicSDK returns the classic official Aliyun SDK client.
func classicSDK(t testing.TB) *dysmsapi.Client {
	t.Helper()
	c, err := dysmsapi.NewClientWithAccessKey("cn-hangzhou", aliyuntest.TestAccessKeyID, aliyuntest.TestAccessKeySecret)
	require.NoError(t, err)
	t.Cleanup(c.Shutdown)
	return c
}

// sendRequest builds a classic SDK SendSms request aimed at s.
func sendRequest(s *Server, number string) *dysmsapi.SendSmsRequest {
	req := dysmsapi.CreateSendSmsRequest()
	req.Domain = host(s)
	req.Scheme = "http"
	req.PhoneNumbers = number
	req.SignName = aliyuntest.DefaultSignName
	req.TemplateCode = aliyuntest.DefaultTemplateCode
	return req
}

// classicSend sends a verification code through the classic SDK.
func classicSend(c *dysmsapi.Client, s *Server, number, code string) (*dysmsapi.SendSmsResponse, error) {
	req := sendRequest(s, number)
	req.TemplateParam = `{"code":"` + code + `"}`
	return c.SendSms(req)
}

// v3Send sends a verification code through darabonba-openapi in its
// default configuration (V3 signature).
func v3Send(t testing.TB, s *Server, number, code string) (map[string]any, error) {
	t.Helper()
	c, err := openapi.NewClient(&openapi.Config{
		AccessKeyId:     dara.String(aliyuntest.TestAccessKeyID),
		AccessKeySecret: dara.String(aliyuntest.TestAccessKeySecret),
		Endpoint:        dara.String(host(s)),
		Protocol:        dara.String("HTTP"),
	})
	require.NoError(t, err)
	params := &openapi.Params{
		Action: dara.String("SendSms"), Version: dara.String("2017-05-25"), Protocol: dara.String("HTTP"),
		Pathname: dara.String("/"), Method: dara.String("POST"), AuthType: dara.String("AK"),
		Style: dara.String("RPC"), ReqBodyType: dara.String("formData"), BodyType: dara.String("json"),
	}
	req := &openapi.OpenApiRequest{Query: map[string]*string{
		"PhoneNumbers":  dara.String(number),
		"SignName":      dara.String(aliyuntest.DefaultSignName),
		"TemplateCode":  dara.String(aliyuntest.DefaultTemplateCode),
		"TemplateParam": dara.String(`{"code":"` + code + `"}`),
	}}
	return c.CallApi(params, req, &dara.RuntimeOptions{MaxAttempts: dara.Int(1), Autoretry: dara.Bool(false)})
}

// toHost sends every request to one host over plain HTTP.
type toHost string

func (h toHost) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = "http", string(h), ""
	return http.DefaultTransport.RoundTrip(r)
}

// twilioSend creates a message through the unmodified twilio-go.
func twilioSend(s *Server, to, body string) (*twapi.ApiV2010Message, error) {
	c := &client.Client{
		Credentials: client.NewCredentials(twiliotest.TestAccountSID, twiliotest.TestAuthToken),
		HTTPClient:  &http.Client{Transport: toHost(host(s))},
	}
	c.SetAccountSid(twiliotest.TestAccountSID)
	api := twapi.NewApiServiceWithClient(c)
	p := &twapi.CreateMessageParams{}
	p.SetTo(to)
	p.SetFrom(twiliotest.TestFrom)
	p.SetBody(body)
	return api.CreateMessage(p)
}

// call makes a JSON API request and decodes the answer into out (if not nil).
func call(t testing.TB, s *Server, method, path, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if out != nil && resp.StatusCode < 300 && len(data) > 0 {
		require.NoError(t, json.Unmarshal(data, out), string(data))
	}
	return resp.StatusCode
}

// sendDirect sends a signed SendSms straight to handler h, without a
// network, signed as the RPC SDK signs.
func sendDirect(tb testing.TB, h http.Handler, number, code string) {
	tb.Helper()
	params := url.Values{
		"AccessKeyId":      {aliyuntest.TestAccessKeyID},
		"Action":           {"SendSms"},
		"Format":           {"JSON"},
		"PhoneNumbers":     {number},
		"RegionId":         {"cn-hangzhou"},
		"SignName":         {aliyuntest.DefaultSignName},
		"SignatureMethod":  {"HMAC-SHA1"},
		"SignatureNonce":   {fmt.Sprintf("%d-%s", time.Now().UnixNano(), number)},
		"SignatureVersion": {"1.0"},
		"TemplateCode":     {aliyuntest.DefaultTemplateCode},
		"TemplateParam":    {`{"code":"` + code + `"}`},
		"Timestamp":        {time.Now().UTC().Format("2006-01-02T15:04:05Z")},
		"Version":          {"2017-05-25"},
	}
	params.Set("Signature", rpcSignature(http.MethodPost, params, aliyuntest.TestAccessKeySecret))
	r := httptest.NewRequest(http.MethodPost, "/?"+params.Encode(), nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if !strings.Contains(w.Body.String(), `"Code":"OK"`) {
		tb.Fatalf("send failed: %d %s", w.Code, w.Body.String())
	}
}

// rpcSignature signs params as Aliyun's RPC signature (HMAC-SHA1).
func rpcSignature(method string, params url.Values, secret string) string {
	enc := func(s string) string {
		return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(s))
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pairs := make([]string, len(keys))
	for i, k := range keys {
		pairs[i] = enc(k) + "=" + enc(params.Get(k))
	}
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(method + "&" + enc("/") + "&" + enc(strings.Join(pairs, "&"))))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
