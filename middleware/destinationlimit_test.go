package middleware_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

// Numbers of several regions.
const (
	cnNumber = "+8613800138000"
	usNumber = "+12025550143"
	jmNumber = "+18762101234" // Jamaica, inside +1
	gbNumber = "+447400123456"
)

func TestDestinationLimitAllow(t *testing.T) {
	tests := []struct {
		to      string
		allowed bool
	}{
		{cnNumber, true},
		{"138 0013 8000", true}, // DefaultRegion CN
		{usNumber, true},
		{jmNumber, false}, // +1, but not the US
		{gbNumber, false},
	}
	s := script()
	sender := middleware.DestinationLimit(middleware.DestinationLimitOptions{Allow: []string{"CN", "US"}})(s)
	for _, tt := range tests {
		t.Run(tt.to, func(t *testing.T) {
			before := s.Calls()
			_, err := sender.Send(context.Background(), sms.Message{To: tt.to, Template: "login_code"})
			if tt.allowed {
				require.NoError(t, err)
				assert.Equal(t, before+1, s.Calls())
				return
			}
			e, ok := errors.AsType[*sms.Error](err)
			require.True(t, ok, "%v", err)
			assert.Equal(t, sms.InvalidArgument, e.Code)
			assert.True(t, e.NotAccepted)
			assert.Equal(t, "destinationlimit", e.Provider)
			assert.ErrorIs(t, err, middleware.ErrDestinationNotAllowed)
			assert.NotContains(t, err.Error(), tt.to[1:])
			assert.NotContains(t, err.Error(), tt.to[len(tt.to)-7:], "no fragment of the number")
			assert.Equal(t, before, s.Calls())
		})
	}
}

// TestDestinationLimitBuckets checks the per-country and per-prefix token
// buckets on an injected clock.
func TestDestinationLimitBuckets(t *testing.T) {
	type step struct {
		advance time.Duration
		to      string
		want    time.Duration // 0: sent; otherwise the RetryAfter
		where   string        // in the refusal's text
	}
	tests := []struct {
		name  string
		opts  middleware.DestinationLimitOptions
		steps []step
	}{
		{
			name: "per country: 3 an hour, each country its own",
			opts: middleware.DestinationLimitOptions{PerCountry: middleware.Bucket{Limit: 3, Per: time.Hour}},
			steps: []step{
				{to: usNumber}, {to: usNumber}, {to: "+12025550144"},
				{to: usNumber, want: 20 * time.Minute, where: "region US"},
				{to: cnNumber}, {to: jmNumber},
				{advance: 20 * time.Minute, to: usNumber},
				{to: usNumber, want: 20 * time.Minute, where: "region US"},
			},
		},
		{
			name: "country override, zero is no limit",
			opts: middleware.DestinationLimitOptions{
				PerCountry: middleware.Bucket{Limit: 1, Per: time.Hour},
				Countries:  map[string]middleware.Bucket{"CN": {}, "GB": {Limit: 2, Per: time.Minute}},
			},
			steps: []step{
				{to: cnNumber}, {to: cnNumber}, {to: cnNumber}, {to: cnNumber},
				{to: gbNumber}, {to: gbNumber}, {to: gbNumber, want: 30 * time.Second, where: "region GB"},
				{to: usNumber}, {to: usNumber, want: time.Hour, where: "region US"},
			},
		},
		{
			name: "prefix on top of the country",
			opts: middleware.DestinationLimitOptions{
				PerCountry: middleware.Bucket{Limit: 3, Per: time.Hour},
				Prefixes:   []middleware.PrefixLimit{{Prefix: "+1876", Bucket: middleware.Bucket{Limit: 1, Per: time.Hour}}},
			},
			steps: []step{
				{to: jmNumber},
				{to: "+18762101235", want: time.Hour, where: "numbers starting +1876"},
				{to: usNumber}, {to: usNumber}, {to: usNumber},
				{to: usNumber, want: 20 * time.Minute, where: "region US"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			tt.opts.Now = clk.Now
			s := script()
			sender := middleware.DestinationLimit(tt.opts)(s)
			sent := 0
			for i, st := range tt.steps {
				clk.Advance(st.advance)
				_, err := sender.Send(context.Background(), sms.Message{To: st.to, Template: "t"})
				if st.want == 0 {
					require.NoError(t, err, "step %d", i)
					sent++
					continue
				}
				e, ok := errors.AsType[*sms.Error](err)
				require.True(t, ok, "step %d: %v", i, err)
				assert.Equal(t, sms.RateLimited, e.Code, "step %d", i)
				assert.True(t, e.NotAccepted)
				assert.Equal(t, "destinationlimit", e.Provider)
				assert.InDelta(t, st.want, e.RetryAfter, float64(time.Microsecond), "step %d", i)
				assert.Contains(t, e.Message, st.where, "step %d", i)
				assert.NotContains(t, err.Error(), st.to[len(st.to)-7:], "no fragment of the number")
			}
			assert.Equal(t, sent, s.Calls())
		})
	}
}

// TestDestinationLimitRefunds checks that a send definitely not accepted
// gives its tokens back and one that may have been accepted keeps them.
func TestDestinationLimitRefunds(t *testing.T) {
	tests := []struct {
		name       string
		failure    error
		secondSent bool
	}{
		{name: "not accepted: refunded", failure: unavailable(), secondSent: true},
		{name: "refused below: refunded", failure: &sms.Error{Code: sms.RateLimited, NotAccepted: true, Provider: "recipientlimit"}, secondSent: true},
		{name: "may have been accepted: kept", failure: unknownMaybe()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := script(tt.failure, nil)
			sender := middleware.DestinationLimit(middleware.DestinationLimitOptions{
				PerCountry: middleware.Bucket{Limit: 1, Per: time.Hour},
				Prefixes:   []middleware.PrefixLimit{{Prefix: "+86138", Bucket: middleware.Bucket{Limit: 1, Per: time.Hour}}},
				Now:        clk.Now,
			})(s)
			_, err := sender.Send(context.Background(), sms.Message{To: cnNumber, Template: "t"})
			require.Error(t, err)
			_, err = sender.Send(context.Background(), sms.Message{To: cnNumber, Template: "t"})
			if tt.secondSent {
				assert.NoError(t, err)
			} else {
				assert.Equal(t, sms.RateLimited, sms.CodeOf(err))
			}
		})
	}
}

func TestDestinationLimitZeroValuePassesThrough(t *testing.T) {
	s := script()
	assert.Same(t, sms.Sender(s), middleware.DestinationLimit(middleware.DestinationLimitOptions{})(s))
}

func TestDestinationLimitInvalidNumber(t *testing.T) {
	s := script()
	sender := middleware.DestinationLimit(middleware.DestinationLimitOptions{Allow: []string{"CN"}})(s)
	_, err := sender.Send(context.Background(), sms.Message{To: "12345", Template: "t"})
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	assert.ErrorIs(t, err, sms.ErrInvalidNumber)
	assert.Equal(t, "destinationlimit", providerOf(err))
	assert.Zero(t, s.Calls())
}

// TestStackDestinationLimitKeepsTheStoreFree checks the stack's order: a
// flood to a country outside the allowlist, or beyond its bucket, never
// reaches RecipientLimit's store, so it cannot fill it.
func TestStackDestinationLimitKeepsTheStoreFree(t *testing.T) {
	clk := newFakeClock()
	store := &countingStore{}
	sender := middleware.Stack(middleware.StackOptions{
		Logger: discardLogger(), Now: clk.Now, Sleep: clk.Sleep,
		DestinationLimit: middleware.DestinationLimitOptions{
			Allow:     []string{"CN", "US"},
			Countries: map[string]middleware.Bucket{"US": {Limit: 10, Per: time.Hour}},
		},
		RecipientLimit: middleware.RecipientLimitOptions{Verification: middleware.KindLimit{Store: store}},
	})(script())
	for i := range 1000 {
		_, err := sender.Send(context.Background(), sms.Message{To: "+4474001" + leftPad(strconv.Itoa(i), 5), Template: "t"})
		require.ErrorIs(t, err, middleware.ErrDestinationNotAllowed)
		_, err = sender.Send(context.Background(), sms.Message{To: "+1202555" + leftPad(strconv.Itoa(i), 4), Template: "t"})
		if i < 10 {
			require.NoError(t, err)
		} else {
			require.Equal(t, sms.RateLimited, sms.CodeOf(err))
		}
	}
	assert.Equal(t, 10, store.takes(), "only the messages the destination limit let through reach the store")
}

// countingStore is a Store that allows everything and counts its Takes.
type countingStore struct {
	mu sync.Mutex
	n  int
}

func (s *countingStore) Take(context.Context, string, time.Time) (bool, time.Duration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return true, 0, nil
}

func (s *countingStore) Refund(context.Context, string, time.Time) error { return nil }

func (s *countingStore) takes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func TestDestinationLimitRace(t *testing.T) {
	sender := middleware.DestinationLimit(middleware.DestinationLimitOptions{
		Allow:      []string{"CN"},
		PerCountry: middleware.Bucket{Limit: 1 << 20, Per: time.Second},
		Prefixes:   []middleware.PrefixLimit{{Prefix: "+86139", Bucket: middleware.Bucket{Limit: 1 << 20, Per: time.Second}}},
	})(ok)
	sendConcurrently(t, sender, 64, 50)
}
