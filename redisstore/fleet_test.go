package redisstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/redisstore"
	"github.com/smskit/sms/verify"
)

// The fleet test re-executes this test binary as separate OS processes,
// each an instance of an application with its own client and stack, all on
// one redis-server. A child is told its role by these variables.
const (
	childAddr = "REDISSTORE_FLEET_ADDR" // the server
	childRole = "REDISSTORE_FLEET_ROLE" // "send" or "check"
	childTime = "REDISSTORE_FLEET_TIME" // the instances' shared instant, Unix seconds
)

const (
	fleetNumbers   = 100
	fleetRounds    = 10 // sends to each number per child
	fleetChildren  = 4
	fleetWrongEach = 1 // wrong checks per child and key before the right one
)

// fleetPolicy is the limit of the fleet test: all children send at one
// instant, so each number gets exactly the minute's 3.
var fleetPolicy = middleware.Policy{{Limit: 3, Per: time.Minute}, {Limit: 5, Per: time.Hour}}

func fleetNumber(i int) string { return "+861390000" + fmt.Sprintf("%04d", i) }

// quiet drops go-redis's log lines (dial failures the fault tests cause
// on purpose).
type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

func TestMain(m *testing.M) {
	redis.SetLogger(quiet{})
	if addr := os.Getenv(childAddr); addr != "" {
		os.Exit(fleetChild(addr, os.Getenv(childRole)))
	}
	os.Exit(m.Run())
}

// fleetChild runs one instance and prints its counts per number as JSON.
func fleetChild(addr, role string) int {
	ctx := context.Background()
	client := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true})
	defer client.Close()
	counts := make([]int, fleetNumbers)
	var mu sync.Mutex
	var wg sync.WaitGroup
	var failed error
	switch role {
	case "send":
		sec, _ := strconv.ParseInt(os.Getenv(childTime), 10, 64)
		now := time.Unix(sec, 0)
		store, err := redisstore.NewLimitStore(client, redisstore.LimitOptions{Policy: fleetPolicy, Prefix: "fleet:"})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{
			Verification: middleware.KindLimit{Store: store},
			Now:          func() time.Time { return now },
		})(sms.SenderFunc(func(_ context.Context, msg sms.Message) (sms.Result, error) {
			return sms.Result{Provider: "fleet"}, nil
		}))
		for g := range 4 {
			wg.Go(func() {
				for r := range fleetRounds {
					for i := g; i < fleetNumbers; i += 4 {
						_, err := sender.Send(ctx, sms.Message{To: fleetNumber(i), Template: "login"})
						mu.Lock()
						switch {
						case err == nil:
							counts[i]++
						case sms.CodeOf(err) != sms.RateLimited:
							failed = fmt.Errorf("round %d: %w", r, err)
						}
						mu.Unlock()
					}
				}
			})
		}
	case "check":
		store, err := redisstore.NewVerifyStore(client, redisstore.VerifyOptions{Prefix: "fleetv:"})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		for g := range 4 {
			wg.Go(func() {
				for i := g; i < fleetNumbers; i += 4 {
					for w := range fleetWrongEach {
						if _, err := store.Check(ctx, fleetNumber(i), fleetAttempt("wrong"+strconv.Itoa(w))); err != nil {
							mu.Lock()
							failed = err
							mu.Unlock()
						}
					}
					o, err := store.Check(ctx, fleetNumber(i), fleetAttempt(fleetCode(i)))
					mu.Lock()
					if err != nil {
						failed = err
					} else if o.Approved() {
						counts[i]++
					}
					mu.Unlock()
				}
			})
		}
	default:
		fmt.Fprintln(os.Stderr, "unknown role", role)
		return 2
	}
	wg.Wait()
	if failed != nil {
		fmt.Fprintln(os.Stderr, failed)
		return 1
	}
	_ = json.NewEncoder(os.Stdout).Encode(counts)
	return 0
}

func fleetCode(i int) string { return strconv.Itoa(100000 + i) }

func fleetAttempt(code string) verify.Attempt {
	return verify.Attempt{Hash: hashOf(code), Now: time.Now(), MaxAttempts: 10}
}

// runFleet starts fleetChildren children of role at once and returns the
// sum of their counts per number.
func runFleet(t *testing.T, addr, role string, at time.Time) []int {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	type result struct {
		out []byte
		err error
	}
	results := make([]result, fleetChildren)
	var wg sync.WaitGroup
	for c := range fleetChildren {
		wg.Go(func() {
			cmd := exec.Command(exe, "-test.run=^$")
			cmd.Env = append(os.Environ(), childAddr+"="+addr, childRole+"="+role, childTime+"="+strconv.FormatInt(at.Unix(), 10))
			var stderr []byte
			out, err := cmd.Output()
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			if err != nil {
				err = fmt.Errorf("child %d: %w: %s", c, err, stderr)
			}
			results[c] = result{out, err}
		})
	}
	wg.Wait()
	sum := make([]int, fleetNumbers)
	for c, r := range results {
		require.NoError(t, r.err)
		var counts []int
		require.NoError(t, json.Unmarshal(r.out, &counts), "child %d printed %q", c, r.out)
		require.Len(t, counts, fleetNumbers)
		for i, n := range counts {
			sum[i] += n
		}
	}
	return sum
}

// TestFleet: four OS processes, each with its own client and stack, send
// ten times to each of the same 100 numbers at one instant through one
// Redis: each number gets exactly the policy's 3, not 4 × 3. Then one
// process (this one) issues a code per number and four others check it
// (after a wrong code each): each code is approved exactly once.
func TestFleet(t *testing.T) {
	if testing.Short() {
		t.Skip("starts OS processes")
	}
	srv, client := server(t)
	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	sent := runFleet(t, srv.Addr, "send", at)
	for i, n := range sent {
		assert.Equal(t, 3, n, "number %d: the fleet sent %d times; the policy allows 3 a minute", i, n)
	}

	store := newVerify(t, client, redisstore.VerifyOptions{Prefix: "fleetv:"})
	for i := range fleetNumbers {
		got, err := store.Issue(context.Background(), fleetNumber(i), verify.Issue{
			Token: "t" + strconv.Itoa(i), Hash: hashOf(fleetCode(i)), Now: time.Now(),
			ValidFor: 5 * time.Minute, Interval: time.Minute, MaxSends: 5,
		})
		require.NoError(t, err)
		require.Equal(t, verify.NotRefused, got.Refusal)
	}
	approved := runFleet(t, srv.Addr, "check", at)
	for i, n := range approved {
		assert.Equal(t, 1, n, "number %d's code was approved %d times", i, n)
	}
}
