package smstest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHolder(t *testing.T) {
	var h Holder
	assert.False(t, h.Wait(context.Background()), "unarmed")

	arrived, release := h.Hold()
	done := make(chan bool)
	go func() { done <- h.Wait(context.Background()) }()
	<-arrived
	release()
	release() // twice is fine
	assert.True(t, <-done)
	assert.False(t, h.Wait(context.Background()), "a hold takes one request")

	arrived, release = h.Hold()
	defer release()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { done <- h.Wait(ctx) }()
	<-arrived
	cancel()
	assert.True(t, <-done, "an ended context ends the wait")

	_, _ = h.Hold()
	arrived, release = h.Hold() // re-arming replaces the untaken hold
	defer release()
	go func() { done <- h.Wait(ctx) }()
	<-arrived
	assert.True(t, <-done)
}
