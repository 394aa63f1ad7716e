package fake_test

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
)

// TestConcurrentUse sends from 64 goroutines while others read, script and
// wait; run it with -race.
func TestConcurrentUse(t *testing.T) {
	const goroutines, perGoroutine = 64, 10
	s := fake.MustNew(fake.Options{})
	// Every fifth message of each goroutine fails by script.
	s.FailWhen(func(m sms.Message) error {
		if n, _ := strconv.Atoi(m.Params["n"]); n%5 == 4 {
			return &sms.Error{Code: sms.Unavailable, NotAccepted: true}
		}
		return nil
	})
	wantAccepted := goroutines * (perGoroutine - perGoroutine/5)

	ctx := context.Background()
	waited := make(chan error)
	go func() { waited <- s.WaitFor(ctx, wantAccepted) }()

	var wg sync.WaitGroup
	ids := make([][]string, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			to := fmt.Sprintf("+86138%08d", g)
			for n := range perGoroutine {
				res, err := s.Send(ctx, sms.Message{To: to, Template: "t", Params: map[string]string{"n": strconv.Itoa(n)}})
				if err == nil {
					ids[g] = append(ids[g], res.MessageID)
				}
				_, _ = s.Send(ctx, sms.Message{To: "invalid", Template: "t"})
				_ = s.Len()
				_ = s.SentTo(to)
				_, _ = s.Last(to)
				_, _ = s.Status(ctx, sms.StatusQuery{MessageID: res.MessageID})
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 50 {
				_ = s.Records()
				_ = s.Messages()
				s.SetLatency(0)
			}
		})
	}
	wg.Wait()
	require.NoError(t, <-waited)

	assert.Equal(t, wantAccepted, s.Len())
	assert.Len(t, s.Messages(), wantAccepted)
	assert.Len(t, s.Records(), 2*goroutines*perGoroutine)
	seen := map[string]bool{}
	for g := range goroutines {
		assert.Len(t, s.SentTo(fmt.Sprintf("+86138%08d", g)), perGoroutine-perGoroutine/5)
		for _, id := range ids[g] {
			assert.False(t, seen[id], "duplicate id %s", id)
			seen[id] = true
		}
	}
}

// TestFailNextIsExactUnderConcurrency checks that concurrent sends use up
// FailNext exactly: no failure is lost and none is taken twice.
func TestFailNextIsExactUnderConcurrency(t *testing.T) {
	const goroutines, perGoroutine, failures = 16, 50, 137
	s := fake.MustNew(fake.Options{})
	s.FailNext(failures, nil)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for range perGoroutine {
				_, _ = s.Send(context.Background(), loginCode(fmt.Sprintf("+86138%08d", g), "1"))
			}
		})
	}
	wg.Wait()
	assert.Equal(t, goroutines*perGoroutine-failures, s.Len())
	assert.Len(t, s.Records(), goroutines*perGoroutine)
}

// TestRecordsAreAConsistentCut: however the sends of one goroutine fall on
// the Sender's shards (it yields, collections empty the shards' pools),
// a reader sees its sends in the order it made them, and never a later one
// without every earlier one; the ids are those of the order the records
// were kept. Run it with -race.
func TestRecordsAreAConsistentCut(t *testing.T) {
	const goroutines, perGoroutine = 8, 300
	s := fake.MustNew(fake.Options{})
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			to := fmt.Sprintf("+86138%08d", g)
			for n := range perGoroutine {
				_, err := s.Send(ctx, sms.Message{To: to, Template: "t", Params: map[string]string{"n": strconv.Itoa(n)}})
				assert.NoError(t, err)
				runtime.Gosched()
				if n%100 == 0 {
					runtime.GC()
				}
			}
		})
	}
	check := func() {
		next := map[string]int{}
		for _, r := range s.Records() {
			n, _ := strconv.Atoi(r.Message.Params["n"])
			if !assert.Equal(t, next[r.Message.To], n, "sends of one goroutine in order, none missing") {
				return
			}
			next[r.Message.To]++
		}
	}
	wg.Go(func() {
		for range 200 {
			check()
		}
	})
	wg.Wait()
	check()

	// Sent one after the other, the sends get the ids of the numbers 1, 2,
	// 3... in the order they were kept, whatever shard held each.
	recs := s.Records()
	require.Len(t, recs, goroutines*perGoroutine)
	other := fake.MustNew(fake.Options{})
	for i, r := range recs {
		res, err := other.Send(ctx, r.Message)
		require.NoError(t, err)
		require.Equal(t, res.MessageID, r.Result.MessageID, "record %d", i)
	}
}
