// Package middleware makes any sms.Sender safe in production: rate limits
// (provider-wide, and per recipient against SMS pumping), a circuit breaker,
// retries that never send a message twice, masked logging and timeouts.
//
// The rule above all: a message that may have been accepted is never sent
// again automatically. Only failures that are transient and definitely not
// accepted (sms.IsRetryable) are retried; every rejection a middleware makes
// on its own is an *sms.Error that is definitely not accepted, with Provider
// set to the middleware's name ("ratelimit", "recipientlimit", "breaker").
//
// Each middleware is a function from one options struct, whose zero value is
// a documented default, to an sms.Middleware. Stack builds the recommended
// order; its documentation says why the order matters:
//
//	sender := middleware.Stack(middleware.StackOptions{
//		Logger:    logger,
//		Deadline:  10 * time.Second, // for the whole send, retries included
//		RateLimit: middleware.RateLimitOptions{Limit: 100}, // the account's QPS
//		RecipientLimit: middleware.RecipientLimitOptions{
//			Policy: middleware.AliyunCodePolicy(), // 1/minute, 5/hour, 10/day
//		},
//	})(provider)
//
//	res, err := sender.Send(ctx, sms.Message{
//		To:       "+8613800138000",
//		Template: "SMS_123456789",
//		Params:   map[string]string{"code": "482915"},
//	})
//	switch {
//	case err == nil:
//		log.Printf("sent as %s after %d attempts", res.MessageID, res.Attempts)
//	case sms.CodeOf(err) == sms.RateLimited:
//		// tell the user to wait sms.RetryAfterOf(err)
//	case !sms.IsNotAccepted(err):
//		// may have been accepted: do not send again blindly
//	}
//
// The same chain by hand, to drop or configure a layer:
//
//	sender := sms.Chain(
//		middleware.Logging(middleware.LoggingOptions{Logger: logger}),
//		middleware.Timeout(middleware.TimeoutOptions{Timeout: 10 * time.Second}),
//		middleware.RecipientLimit(middleware.RecipientLimitOptions{}),
//		middleware.Retry(middleware.RetryOptions{MaxAttempts: 3}),
//		middleware.Breaker(middleware.BreakerOptions{Name: "aliyun", Logger: logger}),
//		middleware.RateLimit(middleware.RateLimitOptions{Limit: 100}),
//	)(provider)
//
// Every time-dependent middleware takes a clock (Now) and, where it waits, a
// Sleep, so that tests run without waiting for time to pass. Context
// deadlines are the exception: a context expires in real time, so deadlines
// are set and measured on real time, whatever Now says.
package middleware
