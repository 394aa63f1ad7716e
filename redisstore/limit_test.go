package redisstore_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redistest"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/middleware/storetest"
	"github.com/smskit/sms/redisstore"
	"github.com/smskit/sms/verify"
)

// TestLimitStoreConformance runs middleware's Store conformance suite
// against a real redis-server, each test on its own prefix.
func TestLimitStoreConformance(t *testing.T) {
	_, client := server(t)
	storetest.RunStore(t, func(t *testing.T, p middleware.Policy) middleware.Store {
		return newLimit(t, client, redisstore.LimitOptions{Policy: p, Prefix: "conf:" + t.Name() + ":"})
	})
}

// TestLimitStoreServerClock: the conformance suite, with the time read
// from Redis cannot use the suite's fake clock; it checks that instances
// whose clocks disagree by hours share one budget, and that Refund finds
// the send by the caller's time.
func TestLimitStoreServerClock(t *testing.T) {
	ctx := context.Background()
	_, client := server(t)
	opts := redisstore.LimitOptions{Policy: middleware.Policy{{Limit: 2, Per: time.Hour}}, Clock: redisstore.ServerClock}
	a, b := newLimit(t, client, opts), newLimit(t, client, opts)
	early := time.Now().Add(-3 * time.Hour)
	late := time.Now().Add(5 * time.Hour)
	ok, _, err := a.Take(ctx, "k", early)
	require.NoError(t, err)
	require.True(t, ok)
	ok, _, err = b.Take(ctx, "k", late)
	require.NoError(t, err)
	require.True(t, ok)
	ok, wait, err := a.Take(ctx, "k", late.Add(10*time.Hour))
	require.NoError(t, err)
	assert.False(t, ok, "the server's hour holds two sends, whatever the callers' clocks say")
	assert.InDelta(t, float64(time.Hour), float64(wait), float64(10*time.Second))

	require.NoError(t, b.Refund(ctx, "k", late), "the caller's time of the send")
	ok, _, err = a.Take(ctx, "k", early)
	require.NoError(t, err)
	assert.True(t, ok, "the refunded send no longer counts")
	ok, _, _ = a.Take(ctx, "k", early)
	assert.False(t, ok)
}

// TestLimitStoreKeys: keys carry the prefix and a hash tag, never the
// number; the secret changes the hash; keys expire with the longest window.
func TestLimitStoreKeys(t *testing.T) {
	ctx := context.Background()
	_, client := server(t)
	const number = "+8613800138000"
	now := time.Now()
	plain := newLimit(t, client, redisstore.LimitOptions{})
	keyed := newLimit(t, client, redisstore.LimitOptions{Prefix: "app1:rl:", KeySecret: []byte("0123456789abcdef")})
	other := newLimit(t, client, redisstore.LimitOptions{Prefix: "app1:rl:", KeySecret: []byte("fedcba9876543210")})
	for _, s := range []*redisstore.LimitStore{plain, keyed, other} {
		ok, _, err := s.Take(ctx, number, now)
		require.NoError(t, err)
		require.True(t, ok, "each store has its own key")
	}
	ks := keys(t, client)
	require.Len(t, ks, 3)
	shape := regexp.MustCompile(`^(smskit:limit:|app1:rl:)\{[A-Za-z0-9_-]{22}\}$`)
	for _, k := range ks {
		assert.Regexp(t, shape, k)
		assert.NotContains(t, k, "13800138000")
		ttl, err := client.PTTL(ctx, k).Result()
		require.NoError(t, err)
		assert.LessOrEqual(t, ttl, 24*time.Hour+time.Second, "the longest window, rounded up to the second")
		assert.Greater(t, ttl, 24*time.Hour-time.Minute)
		v, err := client.LRange(ctx, k, 0, -1).Result()
		require.NoError(t, err)
		assert.Len(t, v, 1)
	}
	assert.Equal(t, int64(3), client.Exists(ctx, ks...).Val())

	// A refund of the only send deletes the key.
	require.NoError(t, plain.Refund(ctx, number, now))
	assert.Len(t, keys(t, client), 2)
}

// TestLimitStoreExpiresWithTheLongestWindow: the TTL follows the newest
// send, not the first one.
func TestLimitStoreExpiresWithTheLongestWindow(t *testing.T) {
	ctx := context.Background()
	_, client := server(t)
	s := newLimit(t, client, redisstore.LimitOptions{Policy: middleware.Policy{{Limit: 2, Per: time.Minute}, {Limit: 3, Per: 10 * time.Minute}}})
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, at := range []time.Duration{0, 4 * time.Minute} {
		ok, _, err := s.Take(ctx, "k", t0.Add(at))
		require.NoError(t, err)
		require.True(t, ok)
	}
	k := keys(t, client)[0]
	// The second Take's now is t0+4m: the newest send leaves the 10m window
	// 10m later.
	ttl := client.PTTL(ctx, k).Val()
	assert.InDelta(t, float64(10*time.Minute), float64(ttl), float64(time.Second))
	// A send older than the newest does not shorten the TTL.
	ok, _, err := s.Take(ctx, "k", t0.Add(time.Minute))
	require.NoError(t, err)
	require.True(t, ok)
	ttl = client.PTTL(ctx, k).Val()
	assert.InDelta(t, float64(13*time.Minute), float64(ttl), float64(time.Second), "newest (4m) + 10m - now (1m)")
}

// TestLimitStoreInvalid: bad options and clients are refused with
// sms.ErrInvalidOptions.
func TestLimitStoreInvalid(t *testing.T) {
	bounded := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", ContextTimeoutEnabled: true})
	defer bounded.Close()
	unbounded := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer unbounded.Close()
	cases := []struct {
		name   string
		client redis.UniversalClient
		opts   redisstore.LimitOptions
		want   string
	}{
		{"nil client", nil, redisstore.LimitOptions{}, "nil"},
		{"unbounded client", unbounded, redisstore.LimitOptions{}, "ContextTimeoutEnabled"},
		{"empty policy", bounded, redisstore.LimitOptions{Policy: middleware.Policy{}}, "no window"},
		{"clock", bounded, redisstore.LimitOptions{Clock: 7}, "Clock"},
		{"fail mode", bounded, redisstore.LimitOptions{FailMode: 7}, "FailMode"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := redisstore.NewLimitStore(c.client, c.opts)
			require.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	_, err := redisstore.NewLimitStore(redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{"127.0.0.1:1"}}), redisstore.LimitOptions{})
	assert.ErrorIs(t, err, sms.ErrInvalidOptions, "a cluster client without ContextTimeoutEnabled")
	s, err := redisstore.NewLimitStore(redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{"127.0.0.1:1"}, ContextTimeoutEnabled: true}), redisstore.LimitOptions{})
	require.NoError(t, err)
	assert.Equal(t, middleware.AliyunCodePolicy(), s.Policy())
}

// TestLimitStoreUnreachable: a Redis that refuses connections fails
// closed or open as configured, with an error that says which.
func TestLimitStoreUnreachable(t *testing.T) {
	ctx := context.Background()
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", ContextTimeoutEnabled: true, MaxRetries: -1})
	defer client.Close()
	var reported []error
	closed := newLimit(t, client, redisstore.LimitOptions{OnError: func(err error) { reported = append(reported, err) }})
	ok, _, err := closed.Take(ctx, "+8613800138000", time.Now())
	assert.False(t, ok)
	require.ErrorIs(t, err, redisstore.ErrUnavailable)
	var re *redisstore.Error
	require.ErrorAs(t, err, &re)
	assert.False(t, re.FailOpen)
	assert.Equal(t, "take", re.Op)
	assert.Contains(t, err.Error(), "failing closed")
	assert.NotContains(t, err.Error(), "13800138000")
	require.Len(t, reported, 1)

	open := newLimit(t, client, redisstore.LimitOptions{FailMode: redisstore.FailOpen, OnError: func(err error) { reported = append(reported, err) }})
	ok, wait, err := open.Take(ctx, "+8613800138000", time.Now())
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Zero(t, wait)
	require.Len(t, reported, 2)
	require.ErrorAs(t, reported[1], &re)
	assert.True(t, re.FailOpen)
	assert.Contains(t, reported[1].Error(), "failing open")

	err = closed.Refund(ctx, "+8613800138000", time.Now())
	require.ErrorIs(t, err, redisstore.ErrUnavailable)
	assert.True(t, strings.HasPrefix(err.Error(), "redisstore: refund: "))

	// Through the middleware: Unavailable, not accepted, and the cause.
	sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{Verification: middleware.KindLimit{Store: closed}})(
		sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) { return sms.Result{}, nil }))
	_, err = sender.Send(ctx, sms.Message{To: "+8613800138000", Template: "login"})
	assert.Equal(t, sms.Unavailable, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
	assert.ErrorIs(t, err, redisstore.ErrUnavailable)
}

// TestOnRedisCluster runs both stores on a Redis Cluster client (a
// one-node cluster): each script's key is in one slot, and the conformance
// suite passes.
func TestOnRedisCluster(t *testing.T) {
	srv := redistest.StartCluster(t)
	client := redis.NewClusterClient(srv.ClusterOptions())
	t.Cleanup(func() { _ = client.Close() })
	storetest.RunStore(t, func(t *testing.T, p middleware.Policy) middleware.Store {
		return newLimit(t, client, redisstore.LimitOptions{Policy: p, Prefix: "cluster:" + t.Name() + ":"})
	})
	v := newVerify(t, client, redisstore.VerifyOptions{})
	ctx := context.Background()
	_, err := v.Issue(ctx, "k", issue("t", "123456", 0, verify.ReplaceOld))
	require.NoError(t, err)
	o, err := v.Check(ctx, "k", attempt("123456", time.Second))
	require.NoError(t, err)
	assert.Equal(t, verify.Approved, o.Status)
}
