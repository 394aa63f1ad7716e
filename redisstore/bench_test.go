package redisstore_test

import (
	"context"
	"net"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/redisstore"
	"github.com/smskit/sms/verify"
)

// roundTrips is a go-redis hook that counts the commands and pipelines
// sent: the round trips to Redis.
type roundTrips struct{ n atomic.Int64 }

func (h *roundTrips) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) { return next(ctx, network, addr) }
}

func (h *roundTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmd)
	}
}

func (h *roundTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmds)
	}
}

const benchKeys = 100_000

var benchNumbers = func() []string {
	ns := make([]string, benchKeys)
	for i := range ns {
		ns[i] = "+86139" + strconv.Itoa(10_000_000+i)
	}
	return ns
}()

// runCallers runs b.N calls of op spread over callers goroutines and
// reports the latency percentiles of one call.
func runCallers(b *testing.B, callers int, op func(i int) error) {
	b.Helper()
	lat := make([][]time.Duration, callers)
	var next atomic.Int64
	var failed atomic.Value
	b.ResetTimer()
	var wg sync.WaitGroup
	for c := range callers {
		wg.Go(func() {
			mine := make([]time.Duration, 0, b.N/callers+1)
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					break
				}
				start := time.Now()
				if err := op(i); err != nil {
					failed.Store(err)
				}
				mine = append(mine, time.Since(start))
			}
			lat[c] = mine
		})
	}
	wg.Wait()
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) > 0 {
		b.ReportMetric(float64(all[len(all)/2].Nanoseconds()), "p50-ns")
		b.ReportMetric(float64(all[len(all)*99/100].Nanoseconds()), "p99-ns")
	}
}

// warm runs op from callers goroutines at once, twice: the pool holds its
// connections and Redis the script before the measure, so that the round
// trips counted are those of the decisions.
func warm(b *testing.B, callers int, op func() error) {
	b.Helper()
	for range 2 {
		var wg sync.WaitGroup
		for range callers {
			wg.Go(func() { require.NoError(b, op()) })
		}
		wg.Wait()
	}
}

// BenchmarkTake is one limit decision (AliyunCodePolicy) of the memory
// store and of the Redis store on loopback, by 1 and 64 concurrent
// callers, over 100,000 numbers.
func BenchmarkTake(b *testing.B) {
	srv, _ := server(b)
	for _, callers := range []int{1, 64} {
		b.Run("store=memory/callers="+strconv.Itoa(callers), func(b *testing.B) {
			s, err := middleware.NewMemoryStore(middleware.MemoryStoreOptions{})
			require.NoError(b, err)
			now := time.Now()
			runCallers(b, callers, func(i int) error {
				_, _, err := s.Take(context.Background(), benchNumbers[i%benchKeys], now)
				return err
			})
		})
		b.Run("store=redis/callers="+strconv.Itoa(callers), func(b *testing.B) {
			client := srv.Client(b)
			hook := &roundTrips{}
			client.AddHook(hook)
			s := newLimit(b, client, redisstore.LimitOptions{Prefix: "bench:" + strconv.Itoa(callers) + ":"})
			now := time.Now()
			warm(b, callers, func() error { _, _, err := s.Take(context.Background(), "warm", now); return err })
			hook.n.Store(0)
			runCallers(b, callers, func(i int) error {
				_, _, err := s.Take(context.Background(), benchNumbers[i%benchKeys], now)
				return err
			})
			b.ReportMetric(float64(hook.n.Load())/float64(b.N), "roundtrips/op")
		})
	}
}

// BenchmarkCheck is one code check (a wrong code: the attempt is counted)
// on verify's memory store and on the Redis store on loopback, by 1 and 64
// concurrent callers, over 10,000 pending verifications.
func BenchmarkCheck(b *testing.B) {
	srv, _ := server(b)
	const pending = 10_000
	ctx := context.Background()
	now := time.Now()
	fill := func(b *testing.B, s verify.Store) {
		for i := range pending {
			_, err := s.Issue(ctx, benchNumbers[i], verify.Issue{Token: "t", Hash: hashOf("123456"), Now: now,
				ValidFor: time.Hour, Interval: time.Minute, MaxSends: 5})
			require.NoError(b, err)
		}
	}
	wrong := verify.Attempt{Hash: hashOf("000000"), Now: now, MaxAttempts: 1 << 30}
	for _, callers := range []int{1, 64} {
		b.Run("store=memory/callers="+strconv.Itoa(callers), func(b *testing.B) {
			s, err := verify.NewMemoryStore(verify.MemoryStoreOptions{})
			require.NoError(b, err)
			fill(b, s)
			runCallers(b, callers, func(i int) error {
				_, err := s.Check(ctx, benchNumbers[i%pending], wrong)
				return err
			})
		})
		b.Run("store=redis/callers="+strconv.Itoa(callers), func(b *testing.B) {
			client := srv.Client(b)
			hook := &roundTrips{}
			client.AddHook(hook)
			s := newVerify(b, client, redisstore.VerifyOptions{Prefix: "bench:" + strconv.Itoa(callers) + ":"})
			fill(b, s)
			warm(b, callers, func() error { _, err := s.Check(ctx, "warm", wrong); return err })
			hook.n.Store(0)
			runCallers(b, callers, func(i int) error {
				_, err := s.Check(ctx, benchNumbers[i%pending], wrong)
				return err
			})
			b.ReportMetric(float64(hook.n.Load())/float64(b.N), "roundtrips/op")
		})
	}
}

// maxRedisBytesPerKey bounds the Redis memory (MEMORY USAGE) of a
// tracked recipient with AliyunCodePolicy at its fullest (ten sends), as
// the notes report it.
const maxRedisBytesPerKey = 300

// TestRedisMemoryPerRecipient measures the Redis memory a tracked
// recipient costs (MEMORY USAGE of its key, and used_memory's growth over
// n of them): a recipient with one send and one with ten
// (AliyunCodePolicy's largest limit, the most a key holds), and a pending
// verification with one code.
func TestRedisMemoryPerRecipient(t *testing.T) {
	if testing.Short() {
		t.Skip("fills Redis")
	}
	srv, client := server(t)
	ctx := context.Background()
	const n = 2000
	measure := func(t *testing.T, fill func(i int)) float64 {
		srv.FlushAll(t)
		before := usedMemory(t, client)
		for i := range n {
			fill(i)
		}
		after := usedMemory(t, client)
		ks, err := client.Keys(ctx, "*").Result()
		require.NoError(t, err)
		require.Len(t, ks, n)
		var usage int64
		for _, k := range ks[:200] {
			usage += client.MemoryUsage(ctx, k).Val()
		}
		perKey := float64(usage) / 200
		t.Logf("MEMORY USAGE %.0f bytes/key; used_memory grew %.0f bytes/key", perKey, float64(after-before)/n)
		return perKey
	}
	t0 := time.Now()
	t.Run("limit/sends=1", func(t *testing.T) {
		s := newLimit(t, client, redisstore.LimitOptions{})
		measure(t, func(i int) {
			_, _, err := s.Take(ctx, benchNumbers[i], t0)
			require.NoError(t, err)
		})
	})
	t.Run("limit/sends=10", func(t *testing.T) {
		s := newLimit(t, client, redisstore.LimitOptions{})
		perKey := measure(t, func(i int) {
			for j := range 10 {
				ok, _, err := s.Take(ctx, benchNumbers[i], t0.Add(time.Duration(j)*time.Hour))
				require.NoError(t, err)
				require.True(t, ok)
			}
		})
		require.LessOrEqual(t, perKey, float64(maxRedisBytesPerKey))
	})
	t.Run("verify/codes=1", func(t *testing.T) {
		s := newVerify(t, client, redisstore.VerifyOptions{})
		measure(t, func(i int) {
			_, err := s.Issue(ctx, benchNumbers[i], verify.Issue{Token: "0123456789abcdef", Hash: hashOf("123456"), Now: t0,
				ValidFor: 5 * time.Minute, Interval: time.Minute, MaxSends: 5})
			require.NoError(t, err)
		})
	})
}

func usedMemory(t testing.TB, c *redis.Client) int64 {
	t.Helper()
	info, err := c.InfoMap(context.Background(), "memory").Result()
	require.NoError(t, err)
	v, err := strconv.ParseInt(info["Memory"]["used_memory"], 10, 64)
	require.NoError(t, err)
	return v
}
