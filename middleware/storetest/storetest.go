// Package storetest is the conformance suite of middleware.Store: the
// behaviour RecipientLimit relies on, which every store (the memory store,
// a store on Redis) must show. Run it from a store's tests:
//
//	func TestConformance(t *testing.T) {
//		storetest.RunStore(t, func(t *testing.T, p middleware.Policy) middleware.Store {
//			return newMyStore(t, p) // empty, with policy p
//		})
//	}
package storetest

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

// NewStore returns an empty store that applies policy p, for one test.
type NewStore func(t *testing.T, p middleware.Policy) middleware.Store

// t0 is a whole second: stores keep send times in whole seconds, rounded up.
var t0 = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// RunStore runs the conformance suite against stores made by newStore.
func RunStore(t *testing.T, newStore NewStore) {
	t.Run("SlidingWindow", func(t *testing.T) { testSlidingWindow(t, newStore) })
	t.Run("RoundsUpToTheSecond", func(t *testing.T) { testRoundsUp(t, newStore) })
	t.Run("OutOfOrderAndRefund", func(t *testing.T) { testOutOfOrderAndRefund(t, newStore) })
	t.Run("AllWindowsAtOnce", func(t *testing.T) { testAllWindowsAtOnce(t, newStore) })
	t.Run("KeysAreIndependent", func(t *testing.T) { testKeysAreIndependent(t, newStore) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, newStore) })
	t.Run("ThroughRecipientLimit", func(t *testing.T) { testThroughRecipientLimit(t, newStore) })
}

func testSlidingWindow(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s := newStore(t, middleware.Policy{{Limit: 3, Per: time.Minute}})
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

func testRoundsUp(t *testing.T, newStore NewStore) {
	// Send times are kept in whole seconds, rounded up: a window may end up
	// to a second late, never early.
	ctx := context.Background()
	s := newStore(t, middleware.Policy{{Limit: 1, Per: time.Minute}})
	ok, _, err := s.Take(ctx, "k", t0)
	require.NoError(t, err)
	require.True(t, ok)
	ok, _, _ = s.Take(ctx, "j", t0.Add(300*time.Millisecond))
	require.True(t, ok)
	ok, wait, _ := s.Take(ctx, "j", t0.Add(60*time.Second+300*time.Millisecond))
	assert.False(t, ok, "the window must not end early")
	assert.Equal(t, 700*time.Millisecond, wait)
	ok, _, _ = s.Take(ctx, "j", t0.Add(61*time.Second))
	assert.True(t, ok)
}

func testOutOfOrderAndRefund(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s := newStore(t, middleware.Policy{{Limit: 2, Per: time.Minute}})
	ok, _, _ := s.Take(ctx, "first", t0)
	require.True(t, ok)
	ok, _, _ = s.Take(ctx, "k", t0.Add(10*time.Second))
	require.True(t, ok)
	ok, _, _ = s.Take(ctx, "k", t0.Add(5*time.Second)) // a slower caller's earlier clock reading
	require.True(t, ok)
	ok, wait, _ := s.Take(ctx, "k", t0.Add(20*time.Second))
	require.False(t, ok)
	assert.Equal(t, 45*time.Second, wait, "the older of the two (5s) leaves first")

	require.NoError(t, s.Refund(ctx, "k", t0.Add(5*time.Second)))
	ok, _, _ = s.Take(ctx, "k", t0.Add(20*time.Second))
	assert.True(t, ok, "a refunded send no longer counts")
	require.NoError(t, s.Refund(ctx, "unknown", t0), "refunding what the store does not hold does nothing")
	require.NoError(t, s.Refund(ctx, "k", t0.Add(-time.Hour)), "refunding a send never taken does nothing")
	ok, _, _ = s.Take(ctx, "k", t0.Add(21*time.Second))
	assert.False(t, ok, "a refund of a send never taken gave nothing back")
}

// testAllWindowsAtOnce: a send refused by one window records nothing, so
// it does not use up another window.
func testAllWindowsAtOnce(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s := newStore(t, middleware.Policy{{Limit: 2, Per: time.Minute}, {Limit: 3, Per: time.Hour}})
	for _, at := range []time.Duration{0, time.Minute, 2 * time.Minute} {
		ok, _, err := s.Take(ctx, "k", t0.Add(at))
		require.NoError(t, err)
		require.True(t, ok)
	}
	// The hour is full: 100 refusals in the last minute of the hour.
	for i := range 100 {
		at := 59*time.Minute + time.Duration(i)*500*time.Millisecond
		ok, wait, err := s.Take(ctx, "k", t0.Add(at))
		require.NoError(t, err)
		require.False(t, ok, "the hour window allows three")
		require.Equal(t, time.Hour-at, wait, "refused by the hour window at %v", at)
	}
	// Had any refusal been recorded, the minute window would refuse now.
	ok, _, err := s.Take(ctx, "k", t0.Add(time.Hour))
	require.NoError(t, err)
	assert.True(t, ok, "refusals by the hour window used up the minute window")
	ok, wait, _ := s.Take(ctx, "k", t0.Add(time.Hour+time.Second))
	assert.False(t, ok)
	assert.Equal(t, 59*time.Second, wait, "the hour's second send (1m) leaves at 1h1m")
}

func testKeysAreIndependent(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s := newStore(t, middleware.Policy{{Limit: 1, Per: time.Hour}})
	for i := range 50 {
		ok, _, err := s.Take(ctx, "+86138001380"+strconv.Itoa(10+i), t0)
		require.NoError(t, err)
		require.True(t, ok)
	}
	ok, _, _ := s.Take(ctx, "+8613800138010", t0.Add(time.Minute))
	assert.False(t, ok)
}

// testConcurrent: 32 callers take one key at once; exactly Limit win.
func testConcurrent(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s := newStore(t, middleware.Policy{{Limit: 5, Per: time.Minute}, {Limit: 7, Per: time.Hour}})
	for round, want := range []int64{5, 0} {
		var won atomic.Int64
		var wg sync.WaitGroup
		for g := range 32 {
			wg.Go(func() {
				ok, _, err := s.Take(ctx, "k", t0.Add(time.Duration(round*10+g%3)*time.Second))
				assert.NoError(t, err)
				if ok {
					won.Add(1)
				}
			})
		}
		wg.Wait()
		assert.Equal(t, want, won.Load(), "round %d", round)
	}
}

// testThroughRecipientLimit runs the store behind the middleware: a second
// code to one number within the minute is refused per recipient, and a
// send that was definitely not accepted gives its count back.
func testThroughRecipientLimit(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s := newStore(t, middleware.AliyunCodePolicy())
	now := t0
	var fail atomic.Bool
	sent := 0
	next := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		if fail.Load() {
			return sms.Result{}, &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: "test"}
		}
		sent++
		return sms.Result{Provider: "test"}, nil
	})
	sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{
		Verification: middleware.KindLimit{Store: s},
		Now:          func() time.Time { return now },
	})(next)
	msg := sms.Message{To: "+8613800138000", Template: "login"}

	fail.Store(true)
	_, err := sender.Send(ctx, msg)
	require.Error(t, err)
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err), "the provider's own error")
	fail.Store(false)
	_, err = sender.Send(ctx, msg)
	require.NoError(t, err, "the refused send was refunded")
	now = now.Add(30 * time.Second)
	_, err = sender.Send(ctx, msg)
	require.Error(t, err)
	assert.Equal(t, sms.RateLimited, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
	var se *sms.Error
	require.ErrorAs(t, err, &se)
	assert.True(t, se.PerRecipient)
	assert.Equal(t, 30*time.Second, se.RetryAfter)
	assert.NotContains(t, err.Error(), "13800138000")
	_, err = sender.Send(ctx, sms.Message{To: "+8613800138001", Template: "login"})
	require.NoError(t, err, "another recipient")
	assert.Equal(t, 2, sent)
}
