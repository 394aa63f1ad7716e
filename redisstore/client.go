package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/smskit/sms"
)

// checkClient refuses a nil client and a client whose commands the context
// does not bound (go-redis's ContextTimeoutEnabled is false by default:
// a paused Redis would then hold every send for the client's ReadTimeout,
// whatever the caller's deadline).
func checkClient(c redis.UniversalClient, what string) error {
	if c == nil {
		return sms.NewOptionsError(Name, what+": the client is nil")
	}
	bounded := true
	switch v := c.(type) {
	case *redis.Client:
		bounded = v.Options().ContextTimeoutEnabled
	case *redis.ClusterClient:
		bounded = v.Options().ContextTimeoutEnabled
	}
	if !bounded {
		return sms.NewOptionsError(Name, what+": create the client with ContextTimeoutEnabled: true, "+
			"or a slow Redis holds each call for the client's ReadTimeout instead of the context's deadline")
	}
	return nil
}

// serverClock is the marker the scripts read as "take the time from
// Redis (TIME)".
const serverClock = ""

// micros returns t as microseconds since the Unix epoch, the scripts' unit.
func micros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros is the inverse of micros.
func fromMicros(us int64) time.Time { return time.UnixMicro(us) }

// done returns the context's error, wrapped for op, when ctx is already
// over: no command is sent then.
func done(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return &Error{Op: op, Err: err}
	}
	return nil
}

// cause is the cause of a failed call: err, and the context's error when
// the context ended (go-redis reports a read past the context's deadline
// as the connection's "i/o timeout"), so that errors.Is(err,
// context.DeadlineExceeded) tells a Redis slower than the caller's deadline.
func cause(ctx context.Context, err error) error {
	cerr := ctx.Err()
	if cerr == nil {
		if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
			cerr = context.DeadlineExceeded
		}
	}
	if cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}
