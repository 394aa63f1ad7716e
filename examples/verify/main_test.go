package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/verify"
)

const phone = "13800138000"

// newService returns the service on a fake that refuses what production
// would, and an HTTP server on loopback.
func newService(t *testing.T) (*fake.Sender, *httptest.Server) {
	t.Helper()
	sender := fake.MustNew(fake.Options{Rules: Production.Rules(), Templates: Templates})
	v, err := verify.NewGuarded(verify.Options{Sender: sender, Template: "login_code", Templates: Templates}, verify.GuardOptions{})
	require.NoError(t, err)
	srv := httptest.NewServer((&Service{Verifier: v}).Handler())
	t.Cleanup(srv.Close)
	return sender, srv
}

type reply struct {
	status     int
	retryAfter string
	body       map[string]any
	raw        string
}

func post(t *testing.T, srv *httptest.Server, path string, body any) reply {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	resp, err := srv.Client().Post(srv.URL+path, "application/json", bytes.NewReader(b))
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	r := reply{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After"), raw: string(raw)}
	require.NoError(t, json.Unmarshal(raw, &r.body), string(raw))
	return r
}

func TestSendAndCheck(t *testing.T) {
	sender, srv := newService(t)
	r := post(t, srv, "/code/send", map[string]string{"phone": phone, "purpose": "login"})
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Equal(t, "sent", r.body["status"])
	assert.InDelta(t, 300, r.body["expires_in"], 1)
	assert.InDelta(t, 60, r.body["resend_after"], 1)
	code := sender.Code(t, phone, "code")

	wrongCode := "000000"
	if code == wrongCode {
		wrongCode = "111111"
	}
	r = post(t, srv, "/code/check", map[string]string{"phone": phone, "purpose": "login", "code": wrongCode})
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, "wrong code", r.body["status"])
	assert.EqualValues(t, 4, r.body["attempts_left"])

	r = post(t, srv, "/code/check", map[string]string{"phone": "+86 138 0013 8000", "purpose": "login", "code": code})
	assert.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Equal(t, "approved", r.body["status"])

	r = post(t, srv, "/code/check", map[string]string{"phone": phone, "purpose": "login", "code": code})
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, "not found", r.body["status"])
	assert.NotContains(t, r.raw, code)
}

func TestResendAtOnceIsLimited(t *testing.T) {
	sender, srv := newService(t)
	require.Equal(t, http.StatusOK, post(t, srv, "/code/send", map[string]string{"phone": phone}).status)
	r := post(t, srv, "/code/send", map[string]string{"phone": phone})
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, "60", r.retryAfter)
	assert.Equal(t, 1, sender.Len())
}

// TestMayArrive: a send whose answer was lost may have reached the phone:
// the user is told the code may still arrive, the code stays valid, and a
// resend at once is refused rather than sent.
func TestMayArrive(t *testing.T) {
	sender, srv := newService(t)
	sender.FailNext(1, &sms.Error{Code: sms.Unknown, Message: "connection reset after the request was written"})
	r := post(t, srv, "/code/send", map[string]string{"phone": phone})
	require.Equal(t, http.StatusAccepted, r.status, r.raw)
	assert.Equal(t, "may_arrive", r.body["status"])
	assert.Contains(t, r.body["message"], "may still arrive")
	assert.InDelta(t, 60, r.body["resend_after"], 1)

	r = post(t, srv, "/code/send", map[string]string{"phone": phone})
	assert.Equal(t, http.StatusTooManyRequests, r.status, "no second code while the first may arrive")
	assert.NotEmpty(t, r.retryAfter)

	code := sender.Records()[0].Message.Params["code"]
	r = post(t, srv, "/code/check", map[string]string{"phone": phone, "code": code})
	assert.Equal(t, http.StatusOK, r.status, "the code that may have arrived works")
}

// TestNotSent: a send definitely not accepted leaves nothing: 503, and the
// user may ask again at once.
func TestNotSent(t *testing.T) {
	sender, srv := newService(t)
	sender.FailNext(1, &sms.Error{Code: sms.Unavailable, NotAccepted: true, Message: "outage"})
	r := post(t, srv, "/code/send", map[string]string{"phone": phone})
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
	r = post(t, srv, "/code/send", map[string]string{"phone": phone})
	assert.Equal(t, http.StatusOK, r.status, r.raw)
}

func TestBadInput(t *testing.T) {
	sender, srv := newService(t)
	tests := []struct {
		name, path string
		body       any
	}{
		{"malformed number", "/code/send", map[string]string{"phone": "12345"}},
		{"foreign number", "/code/send", map[string]string{"phone": "+14155552671"}},
		{"unknown field", "/code/send", map[string]string{"phone": phone, "admin": "1"}},
		{"not JSON", "/code/send", "x"},
		{"empty code", "/code/check", map[string]string{"phone": phone}},
		{"long code", "/code/check", map[string]string{"phone": phone, "code": strings.Repeat("1", 11)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(t, srv, tt.path, tt.body)
			assert.Equal(t, http.StatusBadRequest, r.status, r.raw)
		})
	}
	assert.Zero(t, sender.Len())
}

func TestCheckLimitedPerClient(t *testing.T) {
	_, srv := newService(t)
	var last reply
	for range 11 {
		last = post(t, srv, "/code/check", map[string]string{"phone": phone, "code": "123456"})
	}
	assert.Equal(t, http.StatusTooManyRequests, last.status)
	assert.NotEmpty(t, last.retryAfter)
}

func TestStaging(t *testing.T) {
	svc, sender, err := newStaging()
	require.NoError(t, err)
	srv := httptest.NewServer(svc.Handler())
	t.Cleanup(srv.Close)
	r := post(t, srv, "/code/send", map[string]string{"phone": phone})
	require.Equal(t, http.StatusOK, r.status, r.raw)
	code, ok := sender.Code(phone, "code")
	require.True(t, ok)
	assert.Equal(t, http.StatusOK, post(t, srv, "/code/check", map[string]string{"phone": phone, "code": code}).status)
}
