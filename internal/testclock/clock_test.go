package testclock_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
)

var start = time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC)

func TestClock(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()

	tests := []struct {
		name      string
		run       func(*testclock.Clock) error
		wantErr   error
		wantNow   time.Time
		wantSlept []time.Duration
	}{
		{name: "new reads start", run: func(*testclock.Clock) error { return nil }, wantNow: start},
		{name: "advance adds", run: func(c *testclock.Clock) error {
			c.Advance(time.Minute)
			c.Advance(30 * time.Second)
			return nil
		}, wantNow: start.Add(90 * time.Second)},
		{name: "advance negative goes back", run: func(c *testclock.Clock) error {
			c.Advance(-time.Hour)
			return nil
		}, wantNow: start.Add(-time.Hour)},
		{name: "set replaces", run: func(c *testclock.Clock) error {
			c.Advance(time.Hour)
			c.Set(start.Add(time.Second))
			return nil
		}, wantNow: start.Add(time.Second)},
		{name: "sleep records and advances", run: func(c *testclock.Clock) error {
			if err := c.Sleep(context.Background(), time.Second); err != nil {
				return err
			}
			return c.Sleep(context.Background(), 2*time.Second)
		}, wantNow: start.Add(3 * time.Second), wantSlept: []time.Duration{time.Second, 2 * time.Second}},
		{name: "sleep on ended context neither records nor advances", run: func(c *testclock.Clock) error {
			return c.Sleep(canceled, time.Second)
		}, wantErr: context.Canceled, wantNow: start},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testclock.New(start)
			err := tt.run(c)
			require.ErrorIs(t, err, tt.wantErr)
			assert.Equal(t, tt.wantNow, c.Now())
			assert.Equal(t, tt.wantSlept, c.Slept())
		})
	}
}

func TestClockSleptIsACopy(t *testing.T) {
	c := testclock.New(start)
	require.NoError(t, c.Sleep(context.Background(), time.Second))
	got := c.Slept()
	got[0] = time.Hour
	assert.Equal(t, []time.Duration{time.Second}, c.Slept())
}

func TestClockZeroValue(t *testing.T) {
	var c testclock.Clock
	assert.True(t, c.Now().IsZero())
	c.Advance(time.Second)
	assert.Equal(t, time.Time{}.Add(time.Second), c.Now())
}

func TestClockConcurrent(t *testing.T) {
	c := testclock.New(start)
	const n = 50
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			c.Advance(time.Second)
			_ = c.Sleep(context.Background(), time.Second)
			_ = c.Now()
			_ = c.Slept()
		})
	}
	wg.Wait()
	assert.Equal(t, start.Add(2*n*time.Second), c.Now())
	assert.Len(t, c.Slept(), n)
}
