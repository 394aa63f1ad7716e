package aliyuntest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newV3Client returns the official darabonba client in its default
// configuration (V3 signature, ACS3-HMAC-SHA256), pointed at host over HTTP.
func newV3Client(t *testing.T, host, id, secret string) *openapi.Client {
	t.Helper()
	c, err := openapi.NewClient(&openapi.Config{
		AccessKeyId:     dara.String(id),
		AccessKeySecret: dara.String(secret),
		Endpoint:        dara.String(host),
		Protocol:        dara.String("HTTP"),
		RegionId:        dara.String("cn-hangzhou"),
	})
	require.NoError(t, err)
	return c
}

// v3SendSms calls SendSms through CallApi as the generated Dysmsapi client
// does: RPC style, parameters in the query, POST.
func v3SendSms(c *openapi.Client, number, param string) (map[string]any, error) {
	params := &openapi.Params{
		Action:      dara.String("SendSms"),
		Version:     dara.String("2017-05-25"),
		Protocol:    dara.String("HTTP"),
		Pathname:    dara.String("/"),
		Method:      dara.String("POST"),
		AuthType:    dara.String("AK"),
		Style:       dara.String("RPC"),
		ReqBodyType: dara.String("formData"),
		BodyType:    dara.String("json"),
	}
	req := &openapi.OpenApiRequest{Query: map[string]*string{
		"PhoneNumbers":  dara.String(number),
		"SignName":      dara.String(DefaultSignName),
		"TemplateCode":  dara.String(DefaultTemplateCode),
		"TemplateParam": dara.String(param),
	}}
	runtime := &dara.RuntimeOptions{MaxAttempts: dara.Int(1), Autoretry: dara.Bool(false)}
	return c.CallApi(params, req, runtime)
}

func TestV3SignatureOfficialClient(t *testing.T) {
	srv := NewServer(Options{})
	t.Cleanup(srv.Close)

	c := newV3Client(t, srv.Host, TestAccessKeyID, TestAccessKeySecret)
	resp, err := v3SendSms(c, "13800138000", `{"code":"4821"}`)
	require.NoError(t, err)
	body, ok := resp["body"].(map[string]any)
	require.True(t, ok, "body: %v", resp)
	assert.Equal(t, "OK", body["Code"])
	assert.NotEmpty(t, body["BizId"])
	msg, ok := srv.LastMessageTo("13800138000")
	require.True(t, ok)
	assert.Equal(t, "4821", msg.Params["code"])

	t.Run("wrong secret", func(t *testing.T) {
		bad := newV3Client(t, srv.Host, TestAccessKeyID, "not-the-secret")
		_, err := v3SendSms(bad, "13800138001", `{"code":"4821"}`)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "SignatureDoesNotMatch")
		assert.Empty(t, srv.MessagesTo("13800138001"))
	})
	t.Run("unknown key", func(t *testing.T) {
		bad := newV3Client(t, srv.Host, "LTAInobody", TestAccessKeySecret)
		_, err := v3SendSms(bad, "13800138001", `{"code":"4821"}`)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "InvalidAccessKeyId.NotFound")
	})
}

// captured is one request as the official client sent it.
type captured struct {
	method, url, host string
	header            http.Header
	body              []byte
}

// captureV3 records one V3 SendSms of the official client on its way to srv.
func captureV3(t *testing.T, srv *Server) captured {
	t.Helper()
	var (
		mu  sync.Mutex
		got captured
	)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = captured{method: r.Method, url: r.URL.String(), host: r.Host, header: r.Header.Clone(), body: body}
		mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	c := newV3Client(t, strings.TrimPrefix(proxy.URL, "http://"), TestAccessKeyID, TestAccessKeySecret)
	_, err := v3SendSms(c, "13800138000", `{"code":"4821"}`)
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	return got
}

// replay sends a copy of c, changed by edit, to srv and returns the answer's
// Code.
func replay(t *testing.T, srv *Server, c captured, edit func(r *http.Request)) (int, string) {
	t.Helper()
	r := httptest.NewRequest(c.method, c.url, bytes.NewReader(c.body))
	r.Host = c.host
	r.Header = c.header.Clone()
	edit(r)
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	var body struct{ Code, Message string }
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body), w.Body.String())
	return w.Code, body.Code
}

func TestV3SignatureRejects(t *testing.T) {
	srv := NewServer(Options{})
	t.Cleanup(srv.Close)
	c := captureV3(t, srv)
	require.Contains(t, c.header.Get("Authorization"), "ACS3-HMAC-SHA256 Credential="+TestAccessKeyID)
	fresh := func(r *http.Request) { r.Header.Set("x-acs-signature-nonce", "other") } // breaks the signature too

	tests := []struct {
		name   string
		edit   func(r *http.Request)
		status int
		code   string
	}{
		{"replayed nonce", func(*http.Request) {}, 400, "SignatureNonceUsed"},
		{"changed nonce", fresh, 400, "SignatureDoesNotMatch"},
		{"changed number", func(r *http.Request) {
			r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "13800138000", "13800138009", 1)
		}, 400, "SignatureDoesNotMatch"},
		{"added parameter", func(r *http.Request) { r.URL.RawQuery += "&OutId=x" }, 400, "SignatureDoesNotMatch"},
		{"changed host", func(r *http.Request) { r.Host = "evil.example:80" }, 400, "SignatureDoesNotMatch"},
		{"changed method", func(r *http.Request) { r.Method = http.MethodGet }, 400, "SignatureDoesNotMatch"},
		{"changed action", func(r *http.Request) { r.Header.Set("x-acs-action", "QuerySendDetails") }, 400, "SignatureDoesNotMatch"},
		{"wrong signature", func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "Signature=", "Signature=00", 1))
		}, 400, "SignatureDoesNotMatch"},
		{"body not hashed", func(r *http.Request) { r.Header.Set("x-acs-content-sha256", strings.Repeat("0", 64)) }, 400, "InvalidContentSHA256"},
		{"unsigned x-acs header", func(r *http.Request) { r.Header.Set("x-acs-extra", "1") }, 400, "IncompleteSignature"},
		{"nonce not signed", func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "x-acs-signature-nonce;", "", 1))
		}, 400, "IncompleteSignature"},
		{"no date", func(r *http.Request) { r.Header.Del("x-acs-date") }, 400, "Missingx-acs-date"},
		{"stale date", func(r *http.Request) {
			r.Header.Set("x-acs-date", time.Now().UTC().Add(-time.Hour).Format(timestampLayout))
		}, 400, "InvalidTimeStamp.Expired"},
		{"SM3", func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", 1))
		}, 400, "UnsupportedSignature"},
		{"bearer", func(r *http.Request) { r.Header.Set("Authorization", "Bearer abc") }, 400, "UnsupportedSignature"},
		{"no Authorization", func(r *http.Request) { r.Header.Del("Authorization") }, 400, "IncompleteSignature"},
		{"no credential", func(r *http.Request) { r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Signature=ab") }, 400, "IncompleteSignature"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, code := replay(t, srv, c, tc.edit)
			assert.Equal(t, tc.status, status)
			assert.Equal(t, tc.code, code)
		})
	}
	assert.Len(t, srv.MessagesTo("13800138000"), 1, "only the original request was accepted")
	assert.Empty(t, srv.MessagesTo("13800138009"))
}

func TestV3ErrorsDoNotEchoParameters(t *testing.T) {
	srv := NewServer(Options{})
	t.Cleanup(srv.Close)
	c := captureV3(t, srv)
	r := httptest.NewRequest(c.method, c.url, bytes.NewReader(c.body))
	r.Host, r.Header = c.host, c.header.Clone()
	r.Header.Set("x-acs-signature-nonce", "n2")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	assert.NotContains(t, w.Body.String(), "13800138000")
	assert.NotContains(t, w.Body.String(), "4821")
}
