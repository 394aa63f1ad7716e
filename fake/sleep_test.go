package fake

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestSleepContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- sleepContext(ctx, time.Hour) }()
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled, "returns when the context ends")
	assert.NoError(t, sleepContext(context.Background(), time.Nanosecond), "returns when the time is up")
}
