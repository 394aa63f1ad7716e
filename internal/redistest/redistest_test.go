package redistest_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/redistest"
)

func TestServer(t *testing.T) {
	srv := redistest.Start(t)
	c := srv.Client(t)
	ctx := context.Background()
	require.NoError(t, c.Set(ctx, "k", "v", 0).Err())
	cfg, err := c.ConfigGet(ctx, "save").Result()
	require.NoError(t, err)
	assert.Equal(t, "", cfg["save"], "persistence is off")

	srv.Restart()
	port := srv.Port
	assert.Equal(t, port, srv.Port)
	n, err := c.Exists(ctx, "k").Result()
	require.NoError(t, err, "the client reconnects to the same address")
	assert.Zero(t, n, "a restarted server has no data")

	resume := srv.Pause()
	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	err = c.Ping(cctx).Err()
	cancel()
	assert.ErrorIs(t, err, context.DeadlineExceeded, "a paused server does not answer")
	resume()
	require.NoError(t, c.Ping(ctx).Err())

	srv.Stop()
	srv.Stop()
	assert.Error(t, c.Ping(ctx).Err())
}

// fakeTB records whether Start skipped or failed.
type fakeTB struct {
	testing.TB
	skipped, failed bool
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Skipf(string, ...any) {
	f.skipped = true
	runtime.Goexit()
}
func (f *fakeTB) Fatalf(string, ...any) {
	f.failed = true
	runtime.Goexit()
}

// TestMissingServer: without redis-server, Start skips, or fails under
// CI=true.
func TestMissingServer(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, ci := range []string{"", "true"} {
		t.Setenv("CI", ci)
		f := &fakeTB{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			redistest.Start(f)
		}()
		<-done
		assert.Equal(t, ci == "true", f.failed, "CI=%q", ci)
		assert.Equal(t, ci != "true", f.skipped, "CI=%q", ci)
	}
}
