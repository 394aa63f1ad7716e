// Package redistest starts a real redis-server for tests: on a free
// loopback port, with persistence off, in a temporary directory of its own,
// and stops it when the test ends. It also restarts and pauses the server,
// for fault tests.
//
// When redis-server is not installed, Start skips the test; when the
// environment variable CI is "true" it fails the test instead, so that a
// CI machine without Redis cannot pass by skipping (.ci/run installs the
// Debian package redis-server).
package redistest

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Server is a redis-server process that a test started.
type Server struct {
	// Addr is the server's address, "127.0.0.1:PORT".
	Addr string
	// Port is the server's port; a restarted server keeps it.
	Port int

	tb   testing.TB
	bin  string
	dir  string
	args []string // extra redis-server arguments
	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// startTimeout bounds how long a server may take to answer PING.
const startTimeout = 10 * time.Second

// Start starts a redis-server on a free loopback port and stops it at
// tb.Cleanup. It skips the test when redis-server is missing, or fails it
// when CI=true.
func Start(tb testing.TB) *Server {
	tb.Helper()
	return start(tb)
}

// StartCluster starts a one-node Redis Cluster (cluster mode on, every hash
// slot served by this node), for clients of redis.NewClusterClient: it
// proves that commands and scripts obey Cluster's rules (the keys of one
// script in one slot). Like Start, it skips or fails without redis-server.
func StartCluster(tb testing.TB) *Server {
	tb.Helper()
	s := start(tb, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")
	c := redis.NewClient(s.Options())
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := c.Do(ctx, "CLUSTER", "ADDSLOTSRANGE", "0", "16383").Err(); err != nil {
		tb.Fatalf("redistest: CLUSTER ADDSLOTSRANGE: %v", err)
	}
	for {
		info, err := c.ClusterInfo(ctx).Result()
		if err == nil && strings.Contains(info, "cluster_state:ok") {
			return s
		}
		if ctx.Err() != nil {
			tb.Fatalf("redistest: the cluster did not become ready: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ClusterOptions returns cluster client options for a server of
// StartCluster, with ContextTimeoutEnabled as the stores require.
func (s *Server) ClusterOptions() *redis.ClusterOptions {
	return &redis.ClusterOptions{Addrs: []string{s.Addr}, ContextTimeoutEnabled: true}
}

func start(tb testing.TB, args ...string) *Server {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("redistest: redis-server is not installed and CI=true: %v", err)
		}
		tb.Skipf("redistest: redis-server is not installed: %v", err)
	}
	s := &Server{tb: tb, bin: bin, dir: tb.TempDir(), args: args}
	for try := 0; ; try++ {
		s.Port = freePort(tb)
		s.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port))
		err := s.start()
		if err == nil {
			break
		}
		if try == 4 {
			tb.Fatalf("redistest: %v", err)
		}
	}
	tb.Cleanup(s.Stop)
	return s
}

// freePort returns a loopback port that was free a moment ago.
func freePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("redistest: no free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// start runs the server on s.Port and waits until it answers PING.
func (s *Server) start() error {
	cmd := exec.Command(s.bin,
		"--port", strconv.Itoa(s.Port),
		"--bind", "127.0.0.1",
		"--save", "",
		"--appendonly", "no",
		"--dir", s.dir,
		"--protected-mode", "no",
	)
	cmd.Args = append(cmd.Args, s.args...)
	logf, err := os.Create(filepath.Join(s.dir, "redis.log"))
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		logf.Close()
		close(done)
	}()
	s.mu.Lock()
	s.cmd, s.done = cmd, done
	s.mu.Unlock()
	deadline := time.Now().Add(startTimeout)
	for {
		if s.ping() == nil {
			return nil
		}
		select {
		case <-done:
			return &startError{log: s.log()}
		default:
		}
		if time.Now().After(deadline) {
			s.Stop()
			return &startError{log: s.log()}
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type startError struct{ log string }

func (e *startError) Error() string { return "redis-server did not start: " + e.log }

// log returns the end of the server's log.
func (s *Server) log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// ping sends PING on a fresh connection and reads the answer.
func (s *Server) ping() error {
	c, err := net.DialTimeout("tcp", s.Addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "+PONG") {
		return &startError{log: line}
	}
	return nil
}

// Stop stops the server (SIGKILL: nothing is persisted anyway) and waits
// for it to exit. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGCONT) // a paused server must die too
	_ = cmd.Process.Kill()
	<-done
}

// Restart stops the server and starts a new one on the same port, with
// no data: what clients see when Redis is restarted without persistence.
func (s *Server) Restart() {
	s.tb.Helper()
	s.Stop()
	var err error
	for range 50 { // the port may take a moment to be free again
		if err = s.start(); err == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.tb.Fatalf("redistest: restart: %v", err)
}

// Pause stops the server process (SIGSTOP): connections stay open and
// commands get no answer until Resume. The returned function resumes it;
// it is also called at Cleanup.
func (s *Server) Pause() (resume func()) {
	s.tb.Helper()
	s.mu.Lock()
	cmd := s.cmd
	s.mu.Unlock()
	if cmd == nil {
		s.tb.Fatal("redistest: Pause of a stopped server")
	}
	if err := cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		s.tb.Fatalf("redistest: pause: %v", err)
	}
	var once sync.Once
	resume = func() {
		once.Do(func() { _ = cmd.Process.Signal(syscall.SIGCONT) })
	}
	s.tb.Cleanup(resume)
	return resume
}

// Options returns client options for the server: the context bounds every
// command (ContextTimeoutEnabled), as the stores require.
func (s *Server) Options() *redis.Options {
	return &redis.Options{Addr: s.Addr, ContextTimeoutEnabled: true}
}

// Client returns a client of the server, closed at Cleanup.
func (s *Server) Client(tb testing.TB) *redis.Client {
	tb.Helper()
	c := redis.NewClient(s.Options())
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

// FlushAll empties the server.
func (s *Server) FlushAll(tb testing.TB) {
	tb.Helper()
	c := redis.NewClient(s.Options())
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.FlushAll(ctx).Err(); err != nil {
		tb.Fatalf("redistest: FLUSHALL: %v", err)
	}
}
