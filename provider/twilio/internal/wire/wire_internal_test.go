package wire

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"", 0},
		{"7", 7 * time.Second},
		{"0", 0},
		{"-3", 0},
		{"soon", 0},
		{"3600", time.Hour},
		{"3601", MaxRetryAfter},
		{"99999999999", MaxRetryAfter}, // would overflow a Duration in seconds
		{"9999999999999999999999", MaxRetryAfter}, // not even an int64
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(48 * time.Hour).Format(http.TimeFormat), MaxRetryAfter},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, retryAfter(tt.header, now), "Retry-After %q", tt.header)
	}
	assert.Equal(t, 90*time.Second, retryAfter(now.Add(90*time.Second).Format(http.TimeFormat), now.Add(-400*time.Millisecond)),
		"whole seconds")
}

func TestShowsFragment(t *testing.T) {
	const token, national = "0123456789abcdef0123456789abcdef", "4155552671"
	tests := []struct {
		id   string
		want bool
	}{
		{"RQ00000000000000000000000000000001", false},
		{"RQ0000000000000000000000000089ABCD", true}, // 6 characters of the token, any case
		{"RQ000000000000000000000000000089ab", false},
		{"RQ00000000000000000000000005552671", true}, // 7 digits of the number
		{"RQ00000000000000000000000000552671", false},
		{"RQ00000000000000000000000000000000", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, showsFragment(tt.id, token, national), tt.id)
	}
}

func TestOneRequestPerCall(t *testing.T) {
	sent := 0
	c := &Call{ctx: t.Context(), next: roundTripper(func(*http.Request) (*http.Response, error) {
		sent++
		return &http.Response{StatusCode: 400, Header: http.Header{}, Body: http.NoBody}, nil
	})}
	req, _ := http.NewRequest(http.MethodPost, "https://api.twilio.com/", nil)
	_, err := c.RoundTrip(req)
	assert.ErrorIs(t, err, errAnswered)
	_, err = c.RoundTrip(req)
	assert.ErrorIs(t, err, errSecondRequest, "a resend would send the message twice")
	assert.Equal(t, 1, sent)
	assert.Equal(t, 400, c.answer.Status, "the first answer stays")
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestIDFormats(t *testing.T) {
	hex32 := "0123456789abcdefABCDEF0123456789"
	for id, want := range map[string]bool{
		"SM" + hex32: true, "RQ" + hex32: false, "sm" + hex32: false,
		"SM" + hex32[:31]: false, "SM" + hex32 + "0": false, "SM" + hex32[:31] + "g": false, "": false,
	} {
		assert.Equal(t, want, IsSID(id, "SM"), id)
	}
	for id, want := range map[string]bool{
		"RQ" + hex32: true, "SM" + hex32: false, "RQ" + hex32[:31] + "+": false, "RQ" + hex32[:31]: false,
	} {
		assert.Equal(t, want, IsRequestID(id), id)
	}
}
