package aliyuntest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
)

// Unauthenticated requests name any Action they like: the counts keep the
// served actions, "" and one shared count for everything else.
func TestRequestCountsBounded(t *testing.T) {
	srv := NewServer(Options{})
	defer srv.Close()
	for i := range 200 {
		resp, err := http.Get(srv.URL + "/?Action=" + fmt.Sprintf("Junk%d", i) + strings.Repeat("x", 1000))
		require.NoError(t, err)
		_ = resp.Body.Close()
	}
	resp, err := http.Get(srv.URL + "/")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, map[string]int{OtherActions: 200, "": 1}, srv.RequestCounts())
	assert.Equal(t, 200, srv.Requests("Junk7"), "any unknown name reads the shared count")
	assert.Zero(t, srv.Requests("SendSms"))
}

// The nonce memory keeps at most maxNonces entries, forgetting the oldest
// first, and still refuses a recent replay.
func TestNoncesBounded(t *testing.T) {
	var n nonces
	now := t0
	expires := now.Add(time.Hour)
	for i := range maxNonces + 1000 {
		require.True(t, n.use("key", fmt.Sprint(i), now, expires, time.Hour))
	}
	assert.Len(t, n.expiry, maxNonces)
	assert.Len(t, n.order, maxNonces)
	assert.False(t, n.use("key", fmt.Sprint(maxNonces+999), now, expires, time.Hour), "a recent nonce is remembered")
	assert.True(t, n.use("key", "0", now, expires, time.Hour), "the oldest was forgotten")
	assert.Len(t, n.expiry, maxNonces)

	// A swept nonce used again takes a new slot; overwriting its old slot
	// must not forget the new entry.
	var m nonces
	m.use("key", "a", now, now.Add(time.Minute), time.Minute)
	later := now.Add(2 * time.Minute)
	require.True(t, m.use("key", "a", later, later.Add(time.Minute), time.Minute), "expired: fresh again")
	for i := range maxNonces - 1 {
		m.use("key", fmt.Sprint(i), later, later.Add(time.Minute), time.Minute)
	}
	assert.False(t, m.use("key", "a", later, later.Add(time.Minute), time.Minute), "the re-used nonce is still remembered")
}

// The message store keeps the last MaxMessages messages, and forgets the
// numbers whose messages are all gone.
func TestMessageStoreBounded(t *testing.T) {
	clock := testclock.New(t0)
	srv := NewServer(Options{Now: clock.Now, Limits: Limits{Disabled: true}, MaxMessages: 3})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)
	for i := range 5 {
		require.Equal(t, "OK", c.sendSms(fmt.Sprintf("1380013800%d", i), "1234").Code)
	}
	require.Equal(t, "OK", c.sendSms("13800138004", "5678").Code)
	msgs := srv.Messages()
	require.Len(t, msgs, 3)
	assert.Equal(t, []string{"13800138003", "13800138004", "13800138004"},
		[]string{msgs[0].PhoneNumber, msgs[1].PhoneNumber, msgs[2].PhoneNumber})
	_, ok := srv.LastMessageTo("13800138000")
	assert.False(t, ok)
	assert.Len(t, srv.MessagesTo("13800138004"), 2)
	srv.mu.Lock()
	assert.Len(t, srv.store.byNumber, 2, "numbers without messages are forgotten")
	srv.mu.Unlock()

	// Reset keeps the bound.
	srv.Reset()
	for i := range 5 {
		require.Equal(t, "OK", c.sendSms(fmt.Sprintf("1390013900%d", i), "1234").Code)
	}
	assert.Len(t, srv.Messages(), 3)
}
