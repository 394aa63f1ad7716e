package aliyuntest

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
)

// v3Algorithm is the only V3 signature algorithm the emulator checks.
const v3Algorithm = "ACS3-HMAC-SHA256"

// Error codes of V3 requests.
const (
	codeIncompleteSignature  = "IncompleteSignature"
	codeUnsupportedSignature = "UnsupportedSignature"
	codeContentSHA256        = "InvalidContentSHA256"
)

// v3Required are the headers a V3 request must carry and sign.
var v3Required = []string{"host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"}

// v3Auth is what a V3 request (Authorization: ACS3-HMAC-SHA256 ...) says
// about its signature, read before the request is authenticated.
type v3Auth struct {
	algorithm     string
	accessKeyID   string
	signedHeaders []string
	signature     string
	query         url.Values // the query string alone, as signed
	bodyHash      string     // hex SHA-256 of the body as received
	bad           *apiError  // set when the request cannot be V3-authenticated
}

// isSignedRequest reports whether r uses a header-based signature (V3 or
// another that the emulator names in its error) rather than the RPC
// signature parameters: an Authorization header, or an x-acs-action header
// with no Action parameter.
func isSignedRequest(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return true
	}
	return r.Header.Get("x-acs-action") != "" && !strings.Contains(r.URL.RawQuery, "Action=")
}

// readV3 reads a header-signed request: its query and, for a form body,
// its body parameters, with Action and Version taken from the x-acs-action
// and x-acs-version headers, and what authenticateV3 needs to check the
// signature. A V3 request with a JSON or other body has no parameters in
// it: Dysmsapi's actions take theirs in the query or a form.
func readV3(r *http.Request) (url.Values, *v3Auth, *apiError) {
	auth := parseAuthorization(r.Header.Get("Authorization"))
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return url.Values{}, auth, &apiError{status: http.StatusBadRequest, code: codeInvalidParameter, message: "The query string is not well formed."}
	}
	auth.query = query
	params := url.Values{}
	for k, vs := range query {
		params[k] = append([]string(nil), vs...)
	}
	var body []byte
	if r.Body != nil {
		body, err = io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
		if err != nil {
			return params, auth, &apiError{status: http.StatusBadRequest, code: codeInvalidParameter, message: "The request body could not be read."}
		}
		if len(body) > maxBodyBytes {
			return params, auth, &apiError{status: http.StatusRequestEntityTooLarge, code: codeInvalidParameter, message: "The request body is too large."}
		}
	}
	sum := sha256.Sum256(body)
	auth.bodyHash = hex.EncodeToString(sum[:])
	if isForm(r.Header.Get("Content-Type")) {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return params, auth, &apiError{status: http.StatusBadRequest, code: codeInvalidParameter, message: "The request body is not well formed."}
		}
		for k, vs := range form {
			params[k] = append(params[k], vs...)
		}
	}
	for k, vs := range params {
		if len(vs) > 1 {
			return params, auth, &apiError{status: http.StatusBadRequest, code: codeInvalidParameter, message: "The parameter " + k + " is given more than once."}
		}
	}
	if a := r.Header.Get("x-acs-action"); a != "" {
		params.Set("Action", a)
	}
	if v := r.Header.Get("x-acs-version"); v != "" {
		params.Set("Version", v)
	}
	return params, auth, nil
}

// parseAuthorization splits "ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=a;b,Signature=hex".
// Anything it cannot use is recorded in bad, with a message that says what
// the emulator supports.
func parseAuthorization(h string) *v3Auth {
	a := &v3Auth{}
	if h == "" {
		a.bad = &apiError{status: http.StatusBadRequest, code: codeIncompleteSignature,
			message: "The request has x-acs-* headers but no Authorization header and no RPC signature parameters. This emulator accepts the V3 signature (Authorization: ACS3-HMAC-SHA256 ...) and the RPC signature (Signature, SignatureMethod=HMAC-SHA1)."}
		return a
	}
	algorithm, rest, _ := strings.Cut(strings.TrimSpace(h), " ")
	a.algorithm = algorithm
	if algorithm != v3Algorithm {
		a.bad = &apiError{status: http.StatusBadRequest, code: codeUnsupportedSignature,
			message: "The signature algorithm " + quoteClip(algorithm) + " is not supported by this emulator. It accepts the V3 signature ACS3-HMAC-SHA256 (the default of Alibaba Cloud's current SDKs) and the RPC signature HMAC-SHA1; ACS3-HMAC-SM3, ACS3-RSA-SHA256 and bearer tokens are not emulated."}
		return a
	}
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Credential":
			a.accessKeyID = v
		case "SignedHeaders":
			if v != "" {
				a.signedHeaders = strings.Split(v, ";")
			}
		case "Signature":
			a.signature = v
		}
	}
	if a.accessKeyID == "" || a.signature == "" || len(a.signedHeaders) == 0 {
		a.bad = &apiError{status: http.StatusBadRequest, code: codeIncompleteSignature,
			message: "The Authorization header must hold Credential, SignedHeaders and Signature: ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b>,Signature=<hex>."}
	}
	return a
}

// quoteClip quotes s for an error message, cut to 32 bytes.
func quoteClip(s string) string {
	if len(s) > 32 {
		s = s[:32] + "…"
	}
	return `"` + s + `"`
}

// v3CanonicalRequest builds the V3 canonical request of r:
//
//	method \n canonical URI \n canonical query \n canonical headers \n signed headers \n hashed payload
//
// The query is sorted by name, names and values percent-encoded by RFC 3986
// (an empty value written "name="); each signed header is written
// "name:value\n" in lower case with its value trimmed and several values
// sorted and joined with ","; the hashed payload is the request's
// x-acs-content-sha256.
func v3CanonicalRequest(r *http.Request, a *v3Auth) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	b.WriteString(path)
	b.WriteByte('\n')
	keys := make([]string, 0, len(a.query))
	for k := range a.query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	first := true
	for _, k := range keys {
		values := append([]string(nil), a.query[k]...)
		sort.Strings(values)
		for _, v := range values {
			if !first {
				b.WriteByte('&')
			}
			first = false
			b.WriteString(percentEncode(k))
			b.WriteByte('=')
			b.WriteString(percentEncode(v))
		}
	}
	b.WriteByte('\n')
	for _, name := range a.signedHeaders {
		var values []string
		if name == "host" {
			values = []string{r.Host}
		} else {
			for _, v := range r.Header.Values(name) {
				values = append(values, strings.TrimSpace(v))
			}
		}
		sort.Strings(values)
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(strings.Join(values, ","))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(a.signedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(r.Header.Get("x-acs-content-sha256"))
	return b.String()
}

// v3Signature is hex(HMAC-SHA256(secret, "ACS3-HMAC-SHA256\n" + hex(SHA-256(canonical)))).
func v3Signature(canonical, secret string) string {
	sum := sha256.Sum256([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(v3Algorithm + "\n" + hex.EncodeToString(sum[:])))
	return hex.EncodeToString(mac.Sum(nil))
}

// authenticateV3 checks a V3 request received at now: the algorithm, the
// signed headers, the date, the body hash, the key and the signature. It
// does not check the nonce, which needs the emulator's state.
func (e *Emulator) authenticateV3(r *http.Request, a *v3Auth, now time.Time) *apiError {
	if a.bad != nil {
		return a.bad
	}
	for _, name := range a.signedHeaders {
		if name != strings.ToLower(name) || name == "" {
			return &apiError{status: http.StatusBadRequest, code: codeIncompleteSignature, message: "SignedHeaders must name headers in lower case, separated by ';'."}
		}
	}
	if !slices.IsSorted(a.signedHeaders) {
		return &apiError{status: http.StatusBadRequest, code: codeIncompleteSignature, message: "SignedHeaders must be sorted."}
	}
	for _, name := range v3Required {
		if name != "host" && r.Header.Get(name) == "" {
			return missingParameter(name)
		}
		if !slices.Contains(a.signedHeaders, name) {
			return &apiError{status: http.StatusBadRequest, code: codeIncompleteSignature, message: "SignedHeaders must include " + name + "."}
		}
	}
	for name := range r.Header {
		lower := strings.ToLower(name)
		if (strings.HasPrefix(lower, "x-acs-") || lower == "content-type") && !slices.Contains(a.signedHeaders, lower) {
			return &apiError{status: http.StatusBadRequest, code: codeIncompleteSignature, message: "SignedHeaders must include every x-acs-* header and content-type; " + lower + " is missing."}
		}
	}
	ts, err := time.Parse(timestampLayout, r.Header.Get("x-acs-date"))
	if err != nil {
		return gatewayError(http.StatusBadRequest, codeTimestampFormat)
	}
	if skew := now.Sub(ts); skew > e.opts.MaxClockSkew || skew < -e.opts.MaxClockSkew {
		return gatewayError(http.StatusBadRequest, codeTimestampExpired)
	}
	if !strings.EqualFold(r.Header.Get("x-acs-content-sha256"), a.bodyHash) {
		return &apiError{status: http.StatusBadRequest, code: codeContentSHA256, message: "The x-acs-content-sha256 header is not the hex SHA-256 of the request body."}
	}
	secret, ok := e.opts.Keys[a.accessKeyID]
	if !ok {
		return gatewayError(http.StatusNotFound, codeInvalidAccessKeyID)
	}
	want := v3Signature(v3CanonicalRequest(r, a), secret)
	if subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(a.signature))) != 1 {
		// The canonical request holds parameter values (numbers, codes):
		// unlike the RPC answer, it is not echoed.
		return gatewayError(http.StatusBadRequest, codeSignatureDoesNotMatch)
	}
	return nil
}

// v3Time is the x-acs-date of an authenticated V3 request.
func v3Time(r *http.Request) time.Time {
	ts, _ := time.Parse(timestampLayout, r.Header.Get("x-acs-date"))
	return ts
}
