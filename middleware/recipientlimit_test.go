package middleware_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

func TestRecipientLimitAliyunCodePolicy(t *testing.T) {
	// Each step advances the clock, then sends to the same number.
	steps := []struct {
		advance time.Duration
		want    time.Duration // 0: sent; otherwise the RetryAfter of the rejection
	}{
		{0, 0},                               // 1st
		{10 * time.Second, 50 * time.Second}, // 1/minute
		{50 * time.Second, 0},                // 2nd, at 1m
		{time.Minute, 0},                     // 3rd, at 2m
		{time.Minute, 0},                     // 4th, at 3m
		{time.Minute, 0},                     // 5th, at 4m
		{time.Minute, 55 * time.Minute},      // 5/hour, at 5m: the 1st leaves the hour at 60m
		{55 * time.Minute, 0},                // 6th, at 60m
		{time.Hour, 0},                       // 7th, at 2h
		{time.Hour, 0},                       // 8th
		{time.Hour, 0},                       // 9th
		{time.Hour, 0},                       // 10th, at 5h
		{time.Hour, 18 * time.Hour},          // 10/day, at 6h: the 1st leaves the day at 24h
		{18 * time.Hour, 0},                  // 11th, at 24h
		{0, time.Minute},                     // 1/minute again
	}
	clk := newFakeClock()
	s := script()
	sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{Now: clk.Now})(s)
	sent := 0
	for i, step := range steps {
		clk.Advance(step.advance)
		_, err := sender.Send(context.Background(), msg)
		if step.want == 0 {
			require.NoError(t, err, "step %d", i)
			sent++
			continue
		}
		require.Error(t, err, "step %d", i)
		e, ok := errors.AsType[*sms.Error](err)
		require.True(t, ok)
		assert.Equal(t, sms.RateLimited, e.Code, "step %d", i)
		assert.True(t, e.NotAccepted, "step %d", i)
		assert.Equal(t, "recipientlimit", e.Provider, "step %d", i)
		assert.True(t, e.PerRecipient, "step %d", i)
		assert.Equal(t, step.want, e.RetryAfter, "step %d", i)
		assert.NotContains(t, e.Error(), "13800138000")
	}
	assert.Equal(t, sent, s.Calls())
}

func TestRecipientLimitKeys(t *testing.T) {
	type ipKey struct{}
	tests := []struct {
		name   string
		key    middleware.KeyFunc
		first  sms.Message
		second sms.Message
		ctx2   context.Context
		shared bool
	}{
		{
			name:   "national and E.164 spellings share a budget",
			first:  sms.Message{To: "13800138000", Template: "a"},
			second: sms.Message{To: "+86 138 0013 8000", Template: "a"},
			shared: true,
		},
		{
			name:   "different numbers do not",
			first:  sms.Message{To: "+8613800138000", Template: "a"},
			second: sms.Message{To: "+8613800138001", Template: "a"},
		},
		{
			name:   "template and recipient: other template, own budget",
			key:    middleware.TemplateRecipientKey("CN"),
			first:  sms.Message{To: "+8613800138000", Template: "login"},
			second: sms.Message{To: "13800138000", Template: "order"},
		},
		{
			name:   "template and recipient: same template shares",
			key:    middleware.TemplateRecipientKey("CN"),
			first:  sms.Message{To: "+8613800138000", Template: "login"},
			second: sms.Message{To: "13800138000", Template: "login"},
			shared: true,
		},
		{
			name: "client IP from the context",
			key: func(ctx context.Context, _ sms.Message) (string, error) {
				ip, _ := ctx.Value(ipKey{}).(string)
				return ip, nil
			},
			first:  sms.Message{To: "+8613800138000", Template: "a"},
			second: sms.Message{To: "+8613800138001", Template: "a"},
			ctx2:   context.WithValue(context.Background(), ipKey{}, "203.0.113.7"),
			shared: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{Verification: middleware.KindLimit{Key: tt.key}, Now: clk.Now})(script())
			ctx := context.WithValue(context.Background(), ipKey{}, "203.0.113.7")
			_, err := sender.Send(ctx, tt.first)
			require.NoError(t, err)
			ctx2 := tt.ctx2
			if ctx2 == nil {
				ctx2 = context.Background()
			}
			_, err = sender.Send(ctx2, tt.second)
			if tt.shared {
				assert.Equal(t, sms.RateLimited, sms.CodeOf(err))
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

func TestRecipientLimitRejectsWhatItCannotKey(t *testing.T) {
	tests := []struct {
		name string
		key  middleware.KeyFunc
		to   string
		want error
	}{
		{name: "invalid number", to: "12345", want: sms.ErrInvalidNumber},
		{name: "no number", to: "", want: sms.ErrMissingRecipient},
		{name: "key function fails", to: "+8613800138000", want: errNoUser, key: func(context.Context, sms.Message) (string, error) {
			return "", errNoUser
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := script()
			sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{Verification: middleware.KindLimit{Key: tt.key}})(s)
			_, err := sender.Send(context.Background(), sms.Message{To: tt.to, Template: "a"})
			e, ok := errors.AsType[*sms.Error](err)
			require.True(t, ok, "%v", err)
			assert.Equal(t, sms.InvalidArgument, e.Code)
			assert.True(t, e.NotAccepted)
			assert.Equal(t, "recipientlimit", e.Provider)
			assert.ErrorIs(t, err, tt.want)
			assert.Zero(t, s.Calls())
		})
	}
}

var errNoUser = errors.New("no user in context")

func TestRecipientLimitRefundsWhatWasNotAccepted(t *testing.T) {
	tests := []struct {
		name        string
		failure     error
		secondAllow bool
	}{
		{name: "definitely not accepted gives the count back", failure: unavailable(), secondAllow: true},
		{name: "invalid argument gives the count back", failure: invalidArg(), secondAllow: true},
		{name: "may have been accepted keeps it", failure: unknownMaybe(), secondAllow: false},
		{name: "not an *sms.Error keeps it", failure: errors.New("boom"), secondAllow: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := script(tt.failure, nil)
			sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{Now: clk.Now})(s)
			_, err := sender.Send(context.Background(), msg)
			require.Error(t, err)
			clk.Advance(time.Second)
			_, err = sender.Send(context.Background(), msg)
			if tt.secondAllow {
				assert.NoError(t, err)
				assert.Equal(t, 2, s.Calls())
			} else {
				assert.Equal(t, sms.RateLimited, sms.CodeOf(err))
				assert.Equal(t, 1, s.Calls())
			}
		})
	}
}

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name   string
		policy middleware.Policy
		want   string // "" for valid
	}{
		{"aliyun", middleware.AliyunCodePolicy(), ""},
		{"empty", middleware.Policy{}, "no window"},
		{"zero limit", middleware.Policy{{0, time.Minute}}, "limit must be"},
		{"huge limit", middleware.Policy{{middleware.MaxWindowLimit + 1, time.Minute}}, "limit must be"},
		{"sub-second period", middleware.Policy{{1, time.Millisecond}}, "period must be"},
		{"negative period", middleware.Policy{{1, -time.Second}}, "period must be"},
		{"second window bad", middleware.Policy{{1, time.Minute}, {2, 0}}, "window 1 (2/0s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.policy.Validate()
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
		})
	}
	assert.Equal(t, "1/1m0s, 5/1h0m0s, 10/24h0m0s", middleware.AliyunCodePolicy().String())
}

func TestRecipientLimitStoreFailureFailsClosed(t *testing.T) {
	s := script()
	sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{Verification: middleware.KindLimit{Store: brokenStore{}}})(s)
	_, err := sender.Send(context.Background(), msg)
	assert.Equal(t, sms.Unavailable, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
	assert.Zero(t, s.Calls())
}

type brokenStore struct{}

func (brokenStore) Take(context.Context, string, time.Time) (bool, time.Duration, error) {
	return false, 0, errors.New("redis: connection refused")
}

func (brokenStore) Refund(context.Context, string, time.Time) error { return nil }

func TestRecipientLimitRace(t *testing.T) {
	s := script()
	sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{
		Verification: middleware.KindLimit{Policy: middleware.Policy{{Limit: 1000, Per: time.Hour}}},
	})(s)
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for i := range 20 {
				to := "+86138" + string(rune('0'+g%10)) + "000000" + string(rune('0'+i%10))
				_, err := sender.Send(context.Background(), sms.Message{To: to, Template: "a"})
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 64*20, s.Calls())
}
