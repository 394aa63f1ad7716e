package fake_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
)

func TestWaitFor(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	ctx := context.Background()
	require.NoError(t, s.WaitFor(ctx, 0), "nothing to wait for")

	done := make(chan error)
	go func() { done <- s.WaitFor(ctx, 3) }()

	// Failed sends do not count; each accepted one wakes the waiter.
	s.FailNext(1, nil)
	for _, m := range []sms.Message{loginCode("bad", "0"), loginCode("+8613800138000", "1"),
		loginCode("+8613800138000", "2"), loginCode("+8613800138000", "3"), loginCode("+8613800138000", "4")} {
		select {
		case err := <-done:
			t.Fatalf("WaitFor returned %v before 3 messages were accepted", err)
		default:
		}
		_, _ = s.Send(ctx, m)
	}
	require.NoError(t, <-done)
	assert.Equal(t, 3, s.Len())
}

func TestWaitForContextEnds(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	_, err := s.Send(context.Background(), loginCode("+8613800138000", "1"))
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.WaitFor(ctx, 2) }()
	cancel()
	err = <-done
	require.ErrorIs(t, err, context.Canceled)
	assert.EqualError(t, err, "fake: 1 of 2 messages accepted: context canceled")
}

func TestWaitForSurvivesReset(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	ctx := context.Background()
	_, err := s.Send(ctx, loginCode("+8613800138000", "1"))
	require.NoError(t, err)

	done := make(chan error)
	go func() { done <- s.WaitFor(ctx, 2) }()
	s.Reset()
	for range 2 {
		_, err := s.Send(ctx, loginCode("+8613800138000", "2"))
		require.NoError(t, err)
	}
	require.NoError(t, <-done)
}
