package aliyuntest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
)

// The example from Aliyun's RPC signature documentation.
func TestSignatureDocumentedExample(t *testing.T) {
	params := url.Values{
		"SignatureVersion": {"1.0"},
		"Action":           {"DescribeRegions"},
		"Format":           {"XML"},
		"SignatureNonce":   {"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
		"Version":          {"2014-05-26"},
		"AccessKeyId":      {"testid"},
		"SignatureMethod":  {"HMAC-SHA1"},
		"Timestamp":        {"2016-02-23T12:46:24Z"},
	}
	assert.Equal(t, "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
		stringToSign("GET", params))
	assert.Equal(t, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=", signature("GET", params, "testsecret"))
	assert.Equal(t, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=", testSign("GET", params, "testsecret"))
}

func TestPercentEncode(t *testing.T) {
	assert.Equal(t, "a%20b%2A~c-_.%2B%2F%3D%26%E7%9F%AD", percentEncode("a b*~c-_.+/=&短"))
}

// Changing any signed byte of a correctly signed request gets it rejected.
func TestSignatureRejectsEveryMutation(t *testing.T) {
	clock := testclock.New(t0)
	const otherID = "LTAIotherKey"
	srv := NewServer(Options{
		Now:   clock.Now,
		Keys:  map[string]string{TestAccessKeyID: TestAccessKeySecret, otherID: "other-secret"},
		Signs: []string{DefaultSignName, "另一个签名"},
		Templates: map[string]Template{
			DefaultTemplateCode: {Text: DefaultTemplateText, Kind: Verification},
			"SMS_2":             {Text: "验证码${code}", Kind: Verification},
		},
		Limits: Limits{Disabled: true},
	})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)

	good := c.signed(http.MethodPost, "SendSms", map[string]string{
		"PhoneNumbers":    "13800138000",
		"SignName":        DefaultSignName,
		"TemplateCode":    DefaultTemplateCode,
		"TemplateParam":   `{"code":"1234"}`,
		"OutId":           "out-1",
		"SmsUpExtendCode": "12",
	})
	// Other valid values for each parameter, so that only the signature can
	// tell the difference.
	alternatives := map[string]string{
		"AccessKeyId":      otherID,
		"Action":           "QuerySendDetails",
		"Format":           "XML",
		"RegionId":         "cn-shanghai",
		"SignatureMethod":  "HMAC-SHA256", // unsupported: its own error
		"SignatureNonce":   "another-nonce",
		"SignatureVersion": "2.0", // unsupported: its own error
		"Timestamp":        t0.Add(time.Second).Format(timestampLayout),
		"Version":          "2017-05-26", // unknown: its own error
		"PhoneNumbers":     "13800138001",
		"SignName":         "另一个签名",
		"TemplateCode":     "SMS_2",
		"TemplateParam":    `{"code":"1235"}`,
		"OutId":            "out-2",
		"SmsUpExtendCode":  "13",
		"Signature":        "",
	}
	ownError := map[string]string{
		"SignatureMethod":  "InvalidSignatureMethod",
		"SignatureVersion": "InvalidSignatureVersion",
		"Version":          "InvalidVersion",
	}
	keys := make([]string, 0, len(good))
	for k := range good {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	require.Len(t, keys, 16, "every parameter has a mutation")

	type mutation struct {
		name   string
		method string
		params url.Values
		code   string
	}
	clone := func() url.Values {
		p := url.Values{}
		for k, v := range good {
			p[k] = append([]string(nil), v...)
		}
		return p
	}
	var mutations []mutation
	for _, k := range keys {
		if k == "Signature" {
			continue
		}
		alt, ok := alternatives[k]
		require.True(t, ok, "no alternative value for %s", k)
		p := clone()
		p.Set(k, alt)
		code := ownError[k]
		if code == "" {
			code = "SignatureDoesNotMatch"
		}
		mutations = append(mutations, mutation{"value of " + k, http.MethodPost, p, code})

		// The same value under a key spelled differently: mandatory
		// parameters are then missing, optional ones change the signature.
		p = clone()
		p.Del(k)
		p.Set(strings.ToLower(k[:1])+k[1:], good.Get(k))
		code = "SignatureDoesNotMatch"
		for _, name := range commonParams { // action parameters are checked after the signature
			if name == k {
				code = "Missing" + k
			}
		}
		if code == "SignatureDoesNotMatch" && ownError[k] != "" {
			code = ownError[k]
		}
		mutations = append(mutations, mutation{"key " + k, http.MethodPost, p, code})
	}
	p := clone()
	p.Set("Signature", flipChar(good.Get("Signature")))
	mutations = append(mutations,
		mutation{"signature", http.MethodPost, p, "SignatureDoesNotMatch"},
		mutation{"method", http.MethodGet, clone(), "SignatureDoesNotMatch"},
	)
	p = clone()
	p.Set("Extra", "1")
	mutations = append(mutations, mutation{"added parameter", http.MethodPost, p, "SignatureDoesNotMatch"})
	p = clone()
	p.Del("OutId")
	mutations = append(mutations, mutation{"removed parameter", http.MethodPost, p, "SignatureDoesNotMatch"})
	p = clone()
	p.Set("TemplateParam", `{"code": "1234"}`)
	mutations = append(mutations, mutation{"whitespace in a value", http.MethodPost, p, "SignatureDoesNotMatch"})

	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			r := c.on(t).send(m.method, m.params, nil)
			assert.Equal(t, m.code, r.Code, r.Message)
			assert.GreaterOrEqual(t, r.Status, 400)
		})
	}
	assert.Empty(t, srv.Messages(), "no mutation was accepted")

	r := c.send(http.MethodPost, good, nil)
	require.Equal(t, "OK", r.Code, "the unmutated request is valid: %s", r.Message)
	assert.Len(t, srv.Messages(), 1)
}

func flipChar(s string) string {
	b := []byte(s)
	if b[0] == 'A' {
		b[0] = 'B'
	} else {
		b[0] = 'A'
	}
	return string(b)
}

// Authentication and request-shape failures, hand-signed.
func TestAuthenticationErrors(t *testing.T) {
	clock := testclock.New(t0)
	srv := NewServer(Options{Now: clock.Now})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)

	type test struct {
		name    string
		action  string
		before  func(url.Values) // applied before signing
		secret  string           // signing secret; empty means TestAccessKeySecret
		after   func(url.Values) // applied after signing
		method  string
		path    string
		status  int
		code    string
		message string // prefix
	}
	set := func(k, v string) func(url.Values) { return func(p url.Values) { p.Set(k, v) } }
	tests := []test{
		{name: "wrong secret", secret: "not-the-secret", status: 400, code: "SignatureDoesNotMatch",
			message: "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3DLTAI"},
		{name: "unknown key", before: set("AccessKeyId", "LTAInobody"), status: 404, code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found."},
		{name: "expired timestamp", before: set("Timestamp", t0.Add(-15*time.Minute-time.Second).Format(timestampLayout)),
			status: 400, code: "InvalidTimeStamp.Expired", message: "Specified time stamp or date value is expired."},
		{name: "future timestamp", before: set("Timestamp", t0.Add(15*time.Minute+time.Second).Format(timestampLayout)),
			status: 400, code: "InvalidTimeStamp.Expired"},
		{name: "timestamp format", before: set("Timestamp", "2024-03-01 02:00:00"),
			status: 400, code: "InvalidTimeStamp.Format", message: "Specified time stamp or date value is not well formatted."},
		{name: "signature method", before: set("SignatureMethod", "HMAC-SHA256"), status: 400, code: "InvalidSignatureMethod"},
		{name: "unknown action", action: "SendSmsPlease", status: 404, code: "InvalidAction.NotFound",
			message: "Specified api is not found, please check your url and method."},
		{name: "unknown version", before: set("Version", "2017-05-26"), status: 400, code: "InvalidVersion"},
		{name: "wrong path", path: "/sms", status: 404, code: "InvalidAction.NotFound"},
		{name: "wrong method", method: http.MethodPut, status: 404, code: "InvalidAction.NotFound"},
		{name: "missing PhoneNumbers", before: func(p url.Values) { p.Del("PhoneNumbers") },
			status: 400, code: "MissingPhoneNumbers", message: "PhoneNumbers is mandatory for this action."},
	}
	for _, name := range commonParams {
		tests = append(tests, test{name: "missing " + name, after: func(p url.Values) { p.Del(name) },
			status: 400, code: "Missing" + name, message: name + " is mandatory for this action."})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method, action, secret := tt.method, tt.action, tt.secret
			if method == "" {
				method = http.MethodPost
			}
			if action == "" {
				action = "SendSms"
			}
			if secret == "" {
				secret = TestAccessKeySecret
			}
			p := c.common(action)
			p.Set("PhoneNumbers", "13800138000")
			p.Set("SignName", DefaultSignName)
			p.Set("TemplateCode", DefaultTemplateCode)
			p.Set("TemplateParam", `{"code":"1234"}`)
			if tt.before != nil {
				tt.before(p)
			}
			p.Set("Signature", testSign(method, p, secret))
			if tt.after != nil {
				tt.after(p)
			}
			req, err := http.NewRequest(method, srv.URL+tt.path+"?"+p.Encode(), nil)
			require.NoError(t, err)
			resp, err := c.http.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			var r apiResult
			require.NoError(t, json.Unmarshal([]byte(readAll(t, resp)), &r))
			assert.Equal(t, tt.status, resp.StatusCode)
			assert.Equal(t, tt.code, r.Code)
			assert.Regexp(t, requestIDPattern, r.RequestID)
			assert.Equal(t, "dysmsapi.aliyuncs.com", r.HostID)
			assert.Contains(t, r.Recommend, tt.code)
			assert.True(t, strings.HasPrefix(r.Message, tt.message), "message %q", r.Message)
			assert.NotContains(t, r.Message, TestAccessKeySecret)
		})
	}
	assert.Empty(t, srv.Messages())
}

// A reused nonce is refused while its request could be replayed, and
// forgotten afterwards so memory stays bounded.
func TestSignatureNonce(t *testing.T) {
	clock := testclock.New(t0)
	srv := NewServer(Options{Now: clock.Now, Limits: Limits{Disabled: true}})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)
	extra := map[string]string{"PhoneNumbers": "13800138000", "SignName": DefaultSignName, "TemplateCode": DefaultTemplateCode, "TemplateParam": `{"code":"1234"}`}

	first := c.signed(http.MethodPost, "SendSms", extra)
	require.Equal(t, "OK", c.send(http.MethodPost, first, nil).Code)

	// The same request again: a replay.
	r := c.send(http.MethodPost, first, nil)
	assert.Equal(t, 400, r.Status)
	assert.Equal(t, "SignatureNonceUsed", r.Code)
	assert.Equal(t, "Specified signature nonce was used already.", r.Message)

	// The same nonce with a new timestamp, 10 minutes later: still refused.
	clock.Advance(10 * time.Minute)
	again := c.signed(http.MethodPost, "SendSms", extra)
	again.Set("SignatureNonce", first.Get("SignatureNonce"))
	again.Set("Signature", testSign(http.MethodPost, again, TestAccessKeySecret))
	assert.Equal(t, "SignatureNonceUsed", c.send(http.MethodPost, again, nil).Code)

	// Once the first request's timestamp has expired, its nonce is forgotten.
	clock.Advance(6 * time.Minute)
	again.Set("Timestamp", clock.Now().Format(timestampLayout))
	again.Set("Signature", testSign(http.MethodPost, again, TestAccessKeySecret))
	assert.Equal(t, "OK", c.send(http.MethodPost, again, nil).Code)
	assert.Len(t, srv.Messages(), 2)

	// Memory: many requests, then a long pause, then one more.
	for range 50 {
		require.Equal(t, "OK", c.call("SendSms", extra).Code)
	}
	srv.mu.Lock()
	assert.GreaterOrEqual(t, len(srv.nonces.expiry), 50)
	srv.mu.Unlock()
	clock.Advance(time.Hour)
	require.Equal(t, "OK", c.call("SendSms", extra).Code)
	srv.mu.Lock()
	assert.Len(t, srv.nonces.expiry, 1, "expired nonces are swept")
	srv.mu.Unlock()
}

// GET, form-body POST and mixed POST are all accepted, in JSON and XML.
func TestRequestShapes(t *testing.T) {
	clock := testclock.New(t0)
	srv := NewServer(Options{Now: clock.Now, Limits: Limits{Disabled: true}})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)
	extra := map[string]string{"PhoneNumbers": "13800138000", "SignName": DefaultSignName, "TemplateCode": DefaultTemplateCode, "TemplateParam": `{"code":"1234"}`}

	t.Run("GET", func(t *testing.T) {
		c := c.on(t)
		r := c.send(http.MethodGet, c.signed(http.MethodGet, "SendSms", extra), nil)
		assert.Equal(t, "OK", r.Code)
		assert.Regexp(t, bizIDPattern, r.BizID)
	})
	t.Run("POST form body", func(t *testing.T) {
		c := c.on(t)
		r := c.send(http.MethodPost, url.Values{}, c.signed(http.MethodPost, "SendSms", extra))
		assert.Equal(t, "OK", r.Code)
	})
	t.Run("POST query and body", func(t *testing.T) {
		c := c.on(t)
		all := c.signed(http.MethodPost, "SendSms", extra)
		query, form := url.Values{}, url.Values{}
		for k, v := range all {
			if _, business := extra[k]; business {
				form[k] = v
			} else {
				query[k] = v
			}
		}
		assert.Equal(t, "OK", c.send(http.MethodPost, query, form).Code)
	})
	t.Run("POST body signed as GET", func(t *testing.T) {
		c := c.on(t)
		r := c.send(http.MethodPost, url.Values{}, c.signed(http.MethodGet, "SendSms", extra))
		assert.Equal(t, "SignatureDoesNotMatch", r.Code)
	})
	t.Run("parameter in both query and body", func(t *testing.T) {
		c := c.on(t)
		all := c.signed(http.MethodPost, "SendSms", extra)
		r := c.send(http.MethodPost, all, url.Values{"PhoneNumbers": {"13900139000"}})
		assert.Equal(t, 400, r.Status)
		assert.Equal(t, "InvalidParameter", r.Code)
	})
	t.Run("XML", func(t *testing.T) {
		c := c.on(t)
		p := c.common("SendSms")
		p.Set("Format", "xml")
		for k, v := range extra {
			p.Set(k, v)
		}
		p.Set("Signature", testSign(http.MethodGet, p, TestAccessKeySecret))
		resp, err := c.http.Get(srv.URL + "/?" + p.Encode())
		require.NoError(t, err)
		defer resp.Body.Close()
		body := readAll(t, resp)
		assert.Equal(t, "text/xml;charset=utf-8", resp.Header.Get("Content-Type"))
		assert.Regexp(t, `^<\?xml version='1.0' encoding='UTF-8'\?><SendSmsResponse><RequestId>[0-9A-F-]{36}</RequestId><Code>OK</Code><Message>OK</Message><BizId>[0-9]{18}\^0</BizId></SendSmsResponse>$`, body)
	})
	t.Run("malformed query", func(t *testing.T) {
		resp, err := c.http.Get(srv.URL + "/?Action=SendSms&x=%zz")
		require.NoError(t, err)
		defer resp.Body.Close()
		assert.Equal(t, 400, resp.StatusCode)
		assert.Contains(t, readAll(t, resp), `"Code":"InvalidParameter"`)
	})
	t.Run("body too large", func(t *testing.T) {
		body := strings.NewReader("TemplateParam=" + strings.Repeat("x", maxBodyBytes))
		resp, err := c.http.Post(srv.URL+"/", "application/x-www-form-urlencoded", body)
		require.NoError(t, err)
		defer resp.Body.Close()
		assert.Equal(t, 413, resp.StatusCode)
	})
	assert.Len(t, srv.Messages(), 4)
	assert.Equal(t, 2, srv.Requests(""), "requests without an Action count under the empty name")
}

func TestStrings(t *testing.T) {
	assert.Equal(t, "Verification", Verification.String())
	assert.Equal(t, "Notification", Notification.String())
	assert.Equal(t, "Kind(7)", Kind(7).String())
	assert.Equal(t, "Waiting", StatusWaiting.String())
	assert.Equal(t, "Delivered", StatusDelivered.String())
	assert.Equal(t, "Status(0)", Status(0).String())
	assert.Equal(t, "FaultLatency", FaultLatency.String())
	assert.Equal(t, "FaultKind(-1)", FaultKind(-1).String())
}
