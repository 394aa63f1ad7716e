package tencenttest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// authenticate checks r as Tencent's API gateway does and returns the
// error code and message of its first failure, or "" when r may proceed.
// body is r's body.
func (s *Server) authenticate(r *http.Request, body []byte) (code, message string) {
	if r.Method != http.MethodPost || r.URL.Path != "/" || r.URL.RawQuery != "" {
		return "InvalidParameter", "only POST / with a JSON body is emulated"
	}
	ct := r.Header.Get("Content-Type")
	if ct != "application/json" && !strings.HasPrefix(ct, "application/json;") {
		return "InvalidParameter", "Content-Type is not application/json"
	}
	switch action := r.Header.Get("X-TC-Action"); action {
	case "SendSms", "PullSmsSendStatus", "PullSmsSendStatusByPhoneNumber":
	default:
		return "InvalidAction", "action not found"
	}
	if r.Header.Get("X-TC-Version") != Version {
		return "NoSuchVersion", "version not found"
	}
	if !slices.Contains(s.opts.Regions, r.Header.Get("X-TC-Region")) {
		return "UnsupportedOperation.UnsupportedRegion", "region not supported"
	}
	switch r.Header.Get("X-TC-Language") {
	case "", "zh-CN", "en-US":
	default:
		return "InvalidParameterValue", "X-TC-Language is not zh-CN or en-US"
	}
	rawTS := r.Header.Get("X-TC-Timestamp")
	ts, err := strconv.ParseInt(rawTS, 10, 64)
	if err != nil || strconv.FormatInt(ts, 10) != rawTS {
		return "AuthFailure.InvalidAuthorization", "X-TC-Timestamp is not a Unix time"
	}
	now := s.opts.Now()
	if d := now.Sub(time.Unix(ts, 0)); d > MaxSkew || d < -MaxSkew {
		return "AuthFailure.SignatureExpire", "signature expired: timestamp differs from server time by more than 5 minutes"
	}
	auth, ok := parseAuthorization(r.Header.Get("Authorization"))
	if !ok {
		return "AuthFailure.InvalidAuthorization", "Authorization is not TC3-HMAC-SHA256"
	}
	if auth.secretID != s.opts.SecretID {
		return "AuthFailure.SecretIdNotFound", "SecretId not found"
	}
	date := time.Unix(ts, 0).UTC().Format("2006-01-02")
	if auth.date != date || auth.service != "sms" {
		return "AuthFailure.SignatureFailure", "credential scope does not match the timestamp and service"
	}
	want := Sign(s.opts.SecretKey, r.Method, r.Host, ct, auth.signedHeaders, rawTS, body)
	if !hmac.Equal([]byte(want), []byte(auth.signature)) {
		return "AuthFailure.SignatureFailure", "the provided credentials could not be validated"
	}
	return "", ""
}

// authorization is a parsed TC3 Authorization header.
type authorization struct {
	secretID, date, service string
	signedHeaders           string
	signature               string
}

// parseAuthorization parses "TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request,
// SignedHeaders=content-type;host, Signature=HEX".
func parseAuthorization(h string) (authorization, bool) {
	rest, ok := strings.CutPrefix(h, "TC3-HMAC-SHA256 ")
	if !ok {
		return authorization{}, false
	}
	var a authorization
	var cred string
	for part := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return authorization{}, false
		}
		switch k {
		case "Credential":
			cred = v
		case "SignedHeaders":
			a.signedHeaders = v
		case "Signature":
			a.signature = v
		default:
			return authorization{}, false
		}
	}
	fields := strings.Split(cred, "/")
	if len(fields) != 4 || fields[3] != "tc3_request" || a.signedHeaders != "content-type;host" ||
		len(a.signature) != 64 {
		return authorization{}, false
	}
	a.secretID, a.date, a.service = fields[0], fields[1], fields[2]
	return a, true
}

// Sign returns the hex TC3-HMAC-SHA256 signature of a POST request to the
// path "/" with the given Host and Content-Type, signed headers
// "content-type;host", X-TC-Timestamp and body, for service "sms", as
// Tencent's API documentation ("签名方法 v3") defines it. It is exported for
// tests that forge requests.
func Sign(secretKey, method, host, contentType, signedHeaders, timestamp string, body []byte) string {
	payload := sha256.Sum256(body)
	canonical := method + "\n/\n\n" +
		"content-type:" + strings.ToLower(strings.TrimSpace(contentType)) + "\n" +
		"host:" + strings.ToLower(strings.TrimSpace(host)) + "\n\n" +
		signedHeaders + "\n" + hex.EncodeToString(payload[:])
	ts, _ := strconv.ParseInt(timestamp, 10, 64)
	date := time.Unix(ts, 0).UTC().Format("2006-01-02")
	scope := date + "/sms/tc3_request"
	hashed := sha256.Sum256([]byte(canonical))
	toSign := "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + hex.EncodeToString(hashed[:])
	k := hmacSHA256([]byte("TC3"+secretKey), date)
	k = hmacSHA256(k, "sms")
	k = hmacSHA256(k, "tc3_request")
	return hex.EncodeToString(hmacSHA256(k, toSign))
}

// hmacSHA256 returns HMAC-SHA256(key, msg).
func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}
