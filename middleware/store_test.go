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
	"github.com/smskit/sms/middleware/storetest"
)

func newStore(t *testing.T, opts middleware.MemoryStoreOptions) *middleware.MemoryStore {
	t.Helper()
	s, err := middleware.NewMemoryStore(opts)
	require.NoError(t, err)
	return s
}

func TestMemoryStoreInvalidPolicy(t *testing.T) {
	_, err := middleware.NewMemoryStore(middleware.MemoryStoreOptions{Policy: middleware.Policy{}})
	assert.ErrorIs(t, err, sms.ErrInvalidOptions)
	_, err = middleware.NewMemoryStore(middleware.MemoryStoreOptions{MaxKeys: -1})
	assert.ErrorIs(t, err, sms.ErrInvalidOptions)
}

func TestMemoryStoreSlidingWindow(t *testing.T) {
	ctx := context.Background()
	s := newStore(t, middleware.MemoryStoreOptions{Policy: middleware.Policy{{Limit: 3, Per: time.Minute}}})
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	steps := []struct {
		at   time.Duration
		want time.Duration // 0: taken
	}{
		{0, 0},
		{20 * time.Second, 0},
		{40 * time.Second, 0},
		{50 * time.Second, 10 * time.Second}, // the send at 0 leaves at 60s
		{60 * time.Second, 0},                // now it has
		{61 * time.Second, 19 * time.Second}, // the send at 20s leaves at 80s
		{80 * time.Second, 0},
	}
	for i, st := range steps {
		ok, wait, err := s.Take(ctx, "k", t0.Add(st.at))
		require.NoError(t, err)
		assert.Equal(t, st.want == 0, ok, "step %d", i)
		assert.Equal(t, st.want, wait, "step %d", i)
	}
}

func TestMemoryStoreRoundsUpToTheSecond(t *testing.T) {
	// Send times are kept in whole seconds, rounded up: a window may end up
	// to a second late, never early.
	ctx := context.Background()
	s := newStore(t, middleware.MemoryStoreOptions{Policy: middleware.Policy{{Limit: 1, Per: time.Minute}}})
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	ok, _, _ := s.Take(ctx, "k", t0)
	require.True(t, ok)
	ok, _, _ = s.Take(ctx, "j", t0.Add(300*time.Millisecond))
	require.True(t, ok)
	ok, wait, _ := s.Take(ctx, "j", t0.Add(60*time.Second+300*time.Millisecond))
	assert.False(t, ok, "the window must not end early")
	assert.Equal(t, 700*time.Millisecond, wait)
	ok, _, _ = s.Take(ctx, "j", t0.Add(61*time.Second))
	assert.True(t, ok)
}

func TestMemoryStoreOutOfOrderAndRefund(t *testing.T) {
	ctx := context.Background()
	s := newStore(t, middleware.MemoryStoreOptions{Policy: middleware.Policy{{Limit: 2, Per: time.Minute}}})
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	ok, _, _ := s.Take(ctx, "first", t0) // sets the store's epoch
	require.True(t, ok)
	ok, _, _ = s.Take(ctx, "k", t0.Add(10*time.Second))
	require.True(t, ok)
	ok, _, _ = s.Take(ctx, "k", t0.Add(5*time.Second)) // a slower goroutine's earlier clock reading
	require.True(t, ok)
	ok, wait, _ := s.Take(ctx, "k", t0.Add(20*time.Second))
	require.False(t, ok)
	assert.Equal(t, 45*time.Second, wait, "the older of the two (5s) leaves first")

	require.NoError(t, s.Refund(ctx, "k", t0.Add(5*time.Second)))
	ok, _, _ = s.Take(ctx, "k", t0.Add(20*time.Second))
	assert.True(t, ok, "a refunded send no longer counts")
	require.NoError(t, s.Refund(ctx, "unknown", t0), "refunding what the store does not hold does nothing")
}

func TestMemoryStoreForgetsKeysBackToFull(t *testing.T) {
	ctx := context.Background()
	s := newStore(t, middleware.MemoryStoreOptions{Policy: middleware.Policy{{Limit: 1, Per: time.Minute}}})
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 5000 {
		ok, _, err := s.Take(ctx, strconv.Itoa(i), t0)
		require.NoError(t, err)
		require.True(t, ok)
	}
	assert.Equal(t, 5000, s.Len())
	// Two minutes later every key is back to full; new keys make each
	// shard sweep.
	for i := range 2000 {
		_, _, err := s.Take(ctx, "new"+strconv.Itoa(i), t0.Add(2*time.Minute))
		require.NoError(t, err)
	}
	assert.Equal(t, 2000, s.Len())
}

func TestMemoryStoreCompactsAfterASpike(t *testing.T) {
	ctx := context.Background()
	s := newStore(t, middleware.MemoryStoreOptions{Policy: middleware.Policy{{Limit: 1, Per: time.Minute}}})
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 200_000 {
		_, _, err := s.Take(ctx, strconv.Itoa(i), t0)
		require.NoError(t, err)
	}
	// A few keys survive the sweep and move to fresh pages intact.
	ok, _, _ := s.Take(ctx, "survivor", t0.Add(59*time.Second))
	require.True(t, ok)
	for i := range 640 {
		_, _, err := s.Take(ctx, "late"+strconv.Itoa(i), t0.Add(90*time.Second))
		require.NoError(t, err)
	}
	assert.Equal(t, 641, s.Len())
	ok, wait, _ := s.Take(ctx, "survivor", t0.Add(90*time.Second))
	assert.False(t, ok, "the survivor's send is still counted after compaction")
	assert.Equal(t, 29*time.Second, wait)
}

func TestMemoryStoreHardCap(t *testing.T) {
	ctx := context.Background()
	// 64 keys: one per shard.
	s := newStore(t, middleware.MemoryStoreOptions{Policy: middleware.Policy{{Limit: 1, Per: time.Hour}}, MaxKeys: 64})
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	full := 0
	for i := range 1000 {
		ok, wait, err := s.Take(ctx, strconv.Itoa(i), t0.Add(time.Duration(i)*time.Second))
		if err != nil {
			require.ErrorIs(t, err, middleware.ErrStoreFull)
			require.False(t, ok)
			require.Positive(t, wait)
			require.LessOrEqual(t, wait, time.Hour)
			full++
		}
	}
	assert.LessOrEqual(t, s.Len(), 64)
	assert.Equal(t, 1000-s.Len(), full)

	// Through the middleware: RateLimited, not accepted, RetryAfter.
	sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{
		Verification: middleware.KindLimit{Store: s}, Now: func() time.Time { return t0.Add(time.Hour) },
	})(script())
	var rejected error
	for i := range 200 {
		to := "+861380013" + strconv.Itoa(1000+i)
		if _, err := sender.Send(ctx, sms.Message{To: to, Template: "a"}); err != nil {
			rejected = err
			break
		}
	}
	require.Error(t, rejected)
	assert.Equal(t, sms.RateLimited, sms.CodeOf(rejected))
	assert.ErrorIs(t, rejected, middleware.ErrStoreFull)
	assert.Positive(t, sms.RetryAfterOf(rejected))

	// Once the hour has passed for the oldest keys, room is made.
	ok, _, err := s.Take(ctx, "after", t0.Add(3*time.Hour))
	assert.NoError(t, err)
	assert.True(t, ok)
}

func TestMemoryStoreRace(t *testing.T) {
	ctx := context.Background()
	s := newStore(t, middleware.MemoryStoreOptions{Policy: middleware.Policy{{Limit: 3, Per: time.Second}}, MaxKeys: 512})
	clk := newFakeClock()
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for i := range 200 {
				key := strconv.Itoa((g*200 + i) % 1000)
				now := clk.Now()
				ok, _, err := s.Take(ctx, key, now)
				if err == nil && ok && i%3 == 0 {
					assert.NoError(t, s.Refund(ctx, key, now))
				}
				if i%50 == 0 {
					clk.Advance(time.Second)
				}
			}
		})
	}
	wg.Wait()
	assert.LessOrEqual(t, s.Len(), 512)
}

// TestMemoryStoreFloodDoesNotBlockNewRecipients sends to a new number every
// half second for two hours, far more numbers than the store may track,
// while real users sign up once a minute. Every key restricts for its
// minute only, so a full store must evict old keys and take new ones: a
// store that refused new keys until the first of them was back to full
// (24 hours with AliyunCodePolicy) let an attacker block every sign-up.
func TestMemoryStoreFloodDoesNotBlockNewRecipients(t *testing.T) {
	ctx := context.Background()
	const maxKeys = 1024
	s := newStore(t, middleware.MemoryStoreOptions{MaxKeys: maxKeys})
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	refused := 0
	for i := range 4 * 3600 { // 2 hours at 2 a second
		now := t0.Add(time.Duration(i) * 500 * time.Millisecond)
		key := "+86139" + leftPad(strconv.Itoa(i), 8)
		if i%120 == 0 {
			key = "+86138" + leftPad(strconv.Itoa(i), 8) // a real user
		}
		ok, _, err := s.Take(ctx, key, now)
		if err != nil || !ok {
			refused++
		}
	}
	assert.Zero(t, refused, "new numbers refused while most tracked keys restricted nothing")
	assert.LessOrEqual(t, s.Len(), maxKeys)
}

// TestMemoryStoreVictimStaysLimitedThroughFlood puts a victim at its hourly
// limit and then floods the store with more new numbers than it can hold
// while they all restrict (100 a second, each restricted for a minute): the
// victim must stay limited, with the same retry time, until its own hour
// has passed.
func TestMemoryStoreVictimStaysLimitedThroughFlood(t *testing.T) {
	ctx := context.Background()
	s := newStore(t, middleware.MemoryStoreOptions{MaxKeys: 1024})
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	const victim = "+8613800138000"
	for i := range 5 {
		ok, _, err := s.Take(ctx, victim, t0.Add(time.Duration(i)*time.Minute))
		require.NoError(t, err)
		require.True(t, ok)
	}
	full, n := 0, 0
	for step := range 3600 * 100 { // one hour of flood
		now := t0.Add(5*time.Minute + time.Duration(step)*10*time.Millisecond)
		if _, _, err := s.Take(ctx, "flood"+strconv.Itoa(step), now); errors.Is(err, middleware.ErrStoreFull) {
			full++
		}
		if step%1000 != 0 {
			continue
		}
		n++
		ok, wait, err := s.Take(ctx, victim, now)
		require.NoError(t, err)
		if now.Before(t0.Add(time.Hour)) {
			require.False(t, ok, "the victim got a 6th message within the hour at %v", now.Sub(t0))
			require.Equal(t, t0.Add(time.Hour).Sub(now), wait)
		} else {
			require.True(t, ok, "the victim's hour had passed at %v", now.Sub(t0))
			break
		}
	}
	assert.Positive(t, full, "the flood never filled the store: the test proves nothing")
	assert.Positive(t, n)
}

// TestMemoryStoreConformance runs the Store conformance suite (package
// storetest) against MemoryStore, as redisstore runs it against Redis.
func TestMemoryStoreConformance(t *testing.T) {
	storetest.RunStore(t, func(t *testing.T, p middleware.Policy) middleware.Store {
		return newStore(t, middleware.MemoryStoreOptions{Policy: p})
	})
}
