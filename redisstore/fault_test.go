package redisstore_test

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/redisstore"
	"github.com/smskit/sms/verify"
)

// TestLimitStoreRedisRestart: Redis is stopped and started again (without
// persistence) while eight callers keep taking. Calls while it is down fail
// closed
// with an *Error; afterwards the store works again at once (the scripts
// are loaded again: EVALSHA's NOSCRIPT falls back to EVAL), with the
// history lost, as Redis without persistence loses it.
func TestLimitStoreRedisRestart(t *testing.T) {
	srv, client := server(t)
	s := newLimit(t, client, redisstore.LimitOptions{Policy: middleware.Policy{{Limit: 1, Per: time.Hour}}})
	v := newVerify(t, client, redisstore.VerifyOptions{})
	ctx := context.Background()
	_, err := v.Issue(ctx, "k", issue("t", "123456", 0, verify.ReplaceOld))
	require.NoError(t, err)

	var taken, refused, failed atomic.Int64
	var other atomic.Value
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				cctx, cancel := context.WithTimeout(ctx, time.Second)
				ok, _, err := s.Take(cctx, "g"+strconv.Itoa(g)+"-"+strconv.Itoa(i), time.Now())
				cancel()
				switch {
				case err != nil:
					failed.Add(1)
					if !errors.Is(err, redisstore.ErrUnavailable) {
						other.Store(err)
					}
				case ok:
					taken.Add(1)
				default:
					refused.Add(1)
				}
			}
		})
	}
	waitFor(t, func() bool { return taken.Load() >= 200 })
	srv.Stop()
	waitFor(t, func() bool { return failed.Load() >= 20 })
	srv.Restart()
	before := taken.Load()
	waitFor(t, func() bool { return taken.Load() >= before+200 })
	close(stop)
	wg.Wait()
	assert.Nil(t, other.Load(), "every failure is an *Error")
	assert.Zero(t, refused.Load(), "every key was new")
	t.Logf("taken %d, failed during the restart %d", taken.Load(), failed.Load())

	ok, _, err := s.Take(ctx, "g0-0", time.Now())
	require.NoError(t, err)
	assert.True(t, ok, "the restarted Redis lost the history (no persistence)")
	o, err := v.Check(ctx, "k", attempt("123456", time.Second))
	require.NoError(t, err)
	assert.Equal(t, verify.NotFound, o.Status, "the restarted Redis lost the verification")
}

// waitFor polls cond for up to 20 seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 20s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestPausedRedis: Redis stops answering (SIGSTOP) for longer than the
// callers' deadline. Every call returns within its context, the limit
// store fails closed or open as configured, and once Redis answers again
// no goroutine is left behind.
func TestPausedRedis(t *testing.T) {
	for _, mode := range []redisstore.FailMode{redisstore.FailClosed, redisstore.FailOpen} {
		t.Run(mode.String(), func(t *testing.T) {
			srv, client := server(t)
			var reported atomic.Int64
			s := newLimit(t, client, redisstore.LimitOptions{FailMode: mode, OnError: func(err error) {
				var e *redisstore.Error
				if assert.ErrorAs(t, err, &e) {
					assert.Equal(t, mode == redisstore.FailOpen, e.FailOpen)
				}
				reported.Add(1)
			}})
			v := newVerify(t, client, redisstore.VerifyOptions{})
			ctx := context.Background()
			// Warm up: connections in the pool, scripts loaded.
			for i := range 16 {
				_, _, err := s.Take(ctx, "warm"+strconv.Itoa(i), time.Now())
				require.NoError(t, err)
			}
			_, err := v.Check(ctx, "k", attempt("1", 0))
			require.NoError(t, err)
			baseline := runtime.NumGoroutine()

			resume := srv.Pause()
			const deadline = 200 * time.Millisecond
			var wg sync.WaitGroup
			for g := range 16 {
				wg.Go(func() {
					cctx, cancel := context.WithTimeout(ctx, deadline)
					defer cancel()
					start := time.Now()
					var err error
					if g%4 == 3 {
						var o verify.Outcome
						o, err = v.Check(cctx, "k", attempt("1", 0))
						assert.Error(t, err, "a check Redis did not answer decides nothing")
						assert.Zero(t, o)
					} else {
						var ok bool
						ok, _, err = s.Take(cctx, "p"+strconv.Itoa(g), time.Now())
						assert.Equal(t, mode == redisstore.FailOpen, ok)
						if mode == redisstore.FailOpen {
							assert.NoError(t, err)
						}
					}
					if err != nil {
						assert.ErrorIs(t, err, redisstore.ErrUnavailable)
						assert.ErrorIs(t, err, context.DeadlineExceeded)
					}
					// Bounded by the context; the slack is for a loaded machine.
					assert.Less(t, time.Since(start), deadline+time.Second)
				})
			}
			wg.Wait()
			assert.Equal(t, int64(12), reported.Load(), "every failed Take is reported")
			resume()

			// Redis answers again, and the store with it.
			waitFor(t, func() bool {
				ok, _, err := s.Take(ctx, "after", time.Now())
				return err == nil && ok
			})
			// No goroutine left behind: the count returns to the baseline.
			waitFor(t, func() bool { return runtime.NumGoroutine() <= baseline })
		})
	}
}
