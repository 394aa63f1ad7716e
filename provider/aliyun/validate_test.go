package aliyun

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/smskit/sms"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFastPathAgreesWithNormalize compares the mainland fast path with
// sms.Normalize on numbers from every 4-digit mainland prefix.
func TestFastPathAgreesWithNormalize(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	fast := 0
	for prefix := 1000; prefix <= 1999; prefix++ {
		for range 3 {
			to := fmt.Sprintf("+86%d%07d", prefix, rng.IntN(10_000_000))
			msg := sms.Message{To: to, Template: "t"}
			want, wantErr := sms.Normalize(msg, "")
			got, gotErr := normalize(msg)
			require.Equal(t, wantErr == nil, gotErr == nil, to)
			require.Equal(t, want.To, got.To, to)
			if isMainlandMobileE164(to) {
				fast++
				require.NoError(t, wantErr, "the fast path accepted %s, which Normalize refuses", to)
			}
		}
	}
	assert.Greater(t, fast, 1000, "the fast path must take the common numbers")
	for _, to := range []string{"+8613800138000x", "+86138001380000", "+8613800138", "13800138000", "+86 13800138000", "+8511234567890"} {
		assert.False(t, isMainlandMobileE164(to), to)
	}
}

// TestContentRulesAgreeWithNormalize compares checkContent with
// sms.Normalize on messages that break each rule.
func TestContentRulesAgreeWithNormalize(t *testing.T) {
	tests := []struct {
		name string
		msg  sms.Message
	}{
		{"fine", sms.Message{Template: "t", Params: map[string]string{"code": "1"}}},
		{"body only", sms.Message{Body: "hi"}},
		{"no content", sms.Message{}},
		{"empty key", sms.Message{Template: "t", Params: map[string]string{"": "1"}}},
		{"control in key", sms.Message{Template: "t", Params: map[string]string{"a\x00": "1"}}},
		{"bad UTF-8 key", sms.Message{Template: "t", Params: map[string]string{"\xff": "1"}}},
		{"control in value", sms.Message{Template: "t", Params: map[string]string{"a": "1\n"}}},
		{"bad UTF-8 value", sms.Message{Template: "t", Params: map[string]string{"a": "\xff"}}},
		{"bad UTF-8 body", sms.Message{Template: "t", Body: "\xff"}},
		{"long reference", sms.Message{Template: "t", Reference: strings.Repeat("字", sms.MaxReferenceLength+1)}},
		{"longest reference", sms.Message{Template: "t", Reference: strings.Repeat("字", sms.MaxReferenceLength)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := tt.msg
			msg.To = "+8613800138000"
			require.True(t, isMainlandMobileE164(msg.To))
			_, wantErr := sms.Normalize(msg, "")
			_, gotErr := normalize(msg)
			if wantErr == nil {
				require.NoError(t, gotErr)
				return
			}
			want, got := wantErr.(*sms.Error), gotErr.(*sms.Error)
			assert.Equal(t, want.Code, got.Code)
			assert.Equal(t, want.NotAccepted, got.NotAccepted)
			assert.Equal(t, want.Message, got.Message)
			assert.True(t, errors.Is(gotErr, errors.Unwrap(wantErr)))
			assert.Equal(t, ProviderName, got.Provider)
		})
	}
}
