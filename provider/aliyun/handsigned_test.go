package aliyun_test

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// handSigned is the limit the provider's cost is compared with: a minimal
// SendSms client written by hand from ALIYUN.md, with no SDK. It signs the
// RPC request (HMAC-SHA1, signature version 1.0), sends one POST with every
// parameter in the query, as the SDK does, and decodes the JSON answer. It
// is what a careful user would write without the SDK, not a tuned one: it
// sorts its parameters and builds its strings on every call.
type handSigned struct {
	endpoint string // "http://host:port"
	keyID    string
	secret   string
	client   *http.Client
	nonceTag string // random per client, so that nonces differ across processes
	seq      atomic.Uint64
}

// newHandSigned returns a hand-signed client of endpoint over transport.
func newHandSigned(endpoint, keyID, secret string, transport http.RoundTripper) *handSigned {
	var tag [8]byte
	_, _ = rand.Read(tag[:])
	return &handSigned{endpoint: endpoint, keyID: keyID, secret: secret,
		client: &http.Client{Transport: transport}, nonceTag: hex.EncodeToString(tag[:])}
}

// sendSmsAnswer is the part of SendSms's answer a caller reads.
type sendSmsAnswer struct {
	Code      string `json:"Code"`
	Message   string `json:"Message"`
	BizID     string `json:"BizId"`
	RequestID string `json:"RequestId"`
}

// send sends one SendSms request and returns the BizId.
func (h *handSigned) send(ctx context.Context, phone, sign, template, param string) (string, error) {
	params := [][2]string{
		{"AccessKeyId", h.keyID},
		{"Action", "SendSms"},
		{"Format", "JSON"},
		{"PhoneNumbers", phone},
		{"RegionId", "cn-hangzhou"},
		{"SignName", sign},
		{"SignatureMethod", "HMAC-SHA1"},
		{"SignatureNonce", h.nonceTag + "-" + strconv.FormatUint(h.seq.Add(1), 10)},
		{"SignatureVersion", "1.0"},
		{"TemplateCode", template},
		{"Timestamp", time.Now().UTC().Format("2006-01-02T15:04:05Z")},
		{"Version", "2017-05-25"},
	}
	if param != "" {
		params = append(params, [2]string{"TemplateParam", param})
	}
	slices.SortFunc(params, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	var query strings.Builder
	for i, p := range params {
		if i > 0 {
			query.WriteByte('&')
		}
		query.WriteString(rfc3986(p[0]))
		query.WriteByte('=')
		query.WriteString(rfc3986(p[1]))
	}
	mac := hmac.New(sha1.New, []byte(h.secret+"&"))
	mac.Write([]byte("POST&%2F&" + rfc3986(query.String())))
	signature := base64.StdEncoding.EncodeToString(mac.Sum(nil))

	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		h.endpoint+"/?"+query.String()+"&Signature="+rfc3986(signature), nil)
	if err != nil {
		return "", err
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return "", err
	}
	var answer sendSmsAnswer
	if err := json.Unmarshal(body, &answer); err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK || answer.Code != "OK" {
		return "", errors.New("SendSms failed: HTTP " + strconv.Itoa(resp.StatusCode) + " " + answer.Code)
	}
	return answer.BizID, nil
}

// rfc3986 percent-encodes s as the RPC signature requires: every byte but
// letters, digits, "-", ".", "_" and "~".
func rfc3986(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}
