package redisstore_test

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/redistest"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/redisstore"
)

// newLimit returns a limit store of policy p on client.
func newLimit(t testing.TB, client redis.UniversalClient, opts redisstore.LimitOptions) *redisstore.LimitStore {
	t.Helper()
	s, err := redisstore.NewLimitStore(client, opts)
	require.NoError(t, err)
	return s
}

// newVerify returns a verification store on client.
func newVerify(t testing.TB, client redis.UniversalClient, opts redisstore.VerifyOptions) *redisstore.VerifyStore {
	t.Helper()
	s, err := redisstore.NewVerifyStore(client, opts)
	require.NoError(t, err)
	return s
}

// keys returns every key of the server.
func keys(t testing.TB, c *redis.Client) []string {
	t.Helper()
	ks, err := c.Keys(context.Background(), "*").Result()
	require.NoError(t, err)
	return ks
}

// server starts a redis-server and returns it with a client.
func server(t testing.TB) (*redistest.Server, *redis.Client) {
	t.Helper()
	srv := redistest.Start(t)
	return srv, srv.Client(t)
}

var _ middleware.Store = (*redisstore.LimitStore)(nil)
