// Package middleware makes any sms.Sender safe in production: rate limits
// (provider-wide, per recipient and per destination country, against SMS
// pumping), a circuit breaker, retries that never send a message twice,
// masked logging and timeouts.
//
// The rule above all: a message that may have been accepted is never sent
// again automatically. Only failures that are transient and definitely not
// accepted (sms.IsRetryable) are retried; every rejection a middleware makes
// on its own is an *sms.Error that is definitely not accepted, with Provider
// set to the middleware's name ("ratelimit", "recipientlimit",
// "destinationlimit", "breaker").
//
// NewStack builds the recommended order from one StackOptions; its
// documentation says why the order matters:
//
//	stack, err := middleware.NewStack(middleware.StackOptions{
//		Templates: templates, // the same []sms.Template the providers get
//		Logger:    logger,
//		Deadline:  10 * time.Second, // for the whole send, retries included
//		RateLimit: middleware.RateLimitOptions{Limit: 100}, // the account's QPS
//		DestinationLimit: middleware.DestinationLimitOptions{ // off unless set
//			Allow:      []string{"CN", "HK"},
//			PerCountry: middleware.Bucket{Limit: 1000, Per: time.Hour},
//		},
//	})
//	if err != nil { // errors.Is(err, sms.ErrInvalidOptions)
//		log.Fatal(err)
//	}
//	sender := stack(provider)
//
//	res, err := sender.Send(ctx, sms.Message{
//		To:       "+8613800138000",
//		Template: "login_code",
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
//		middleware.DestinationLimit(middleware.DestinationLimitOptions{Allow: []string{"CN"}}),
//		middleware.RecipientLimit(middleware.RecipientLimitOptions{Templates: templates}),
//		middleware.Retry(middleware.RetryOptions{MaxAttempts: 3}),
//		middleware.Breaker(middleware.BreakerOptions{Name: "aliyun", Logger: logger}),
//		middleware.RateLimit(middleware.RateLimitOptions{Limit: 100}),
//	)(provider)
//
// # Options
//
// Each middleware is a function from one options struct, whose zero value is
// a documented default, to an sms.Middleware. Every options type has a
// Validate method; options that cannot work (a policy window with limit 0,
// a negative delay, a breaker that can never open, an unknown region) are a
// configuration error wrapping sms.ErrInvalidOptions, found at
// construction, never an InvalidArgument on every send. NewStack returns
// it; Stack and the single middleware constructors panic with it, as
// regexp.MustCompile does: use them for options fixed in the program.
//
// # Limits per template kind
//
// RecipientLimit learns a message's kind from the declared templates:
// verification codes get AliyunCodePolicy (1 a minute, 5 an hour, 10 a day
// per number); notifications and promotions AliyunNotificationPolicy (50 a
// day per template and number); international templates the code policy
// per template and number. A message naming an undeclared template, or
// carrying a body, gets the verification-code policy, the strictest.
//
// # Limits that survive an attacker with many numbers
//
// A full MemoryStore evicts keys that restrict nothing now, least recently
// sent first, and refuses a new key only while every key it tracks is
// still restricting; a recipient at one of its limits is never evicted.
// DestinationLimit adds what needs no memory per number: an allowlist of
// destination regions and token buckets per region and number prefix.
//
// # Wrapping and contexts
//
// Every wrapper has Unwrap (sms.Wrapper), so sms.As finds the provider's
// capabilities through any stack:
//
//	if sc, ok := sms.As[sms.StatusChecker](sender); ok { ... }
//
// A nil context fails with InvalidArgument wrapping sms.ErrNilContext, and
// a context that has already ended with Canceled or DeadlineExceeded naming
// no provider: neither reaches the provider, and neither is blamed on a
// middleware.
//
// Every time-dependent middleware takes a clock (Now) and, where it waits, a
// Sleep, so that tests run without waiting for time to pass. Context
// deadlines are the exception: a context expires in real time, so deadlines
// are set and measured on real time, whatever Now says.
//
// # One clock read per send
//
// The middlewares of this package, chained, share what they learn about a
// send, without allocating: the time read on the way in, by the outermost
// one, serves every layer below that reads the same clock (the stack's Now,
// or the real clock for every layer whose Now is nil), and a recipient
// parsed by one layer is not parsed again by the next. A layer reads its
// clock again after anything that may wait: Retry before each attempt after
// the first, RateLimit after waiting for a token, RecipientLimit after a
// KeyFunc of its own and after a Store that is not a MemoryStore. Breaker
// reads it when the answer comes, and Logging when it writes a line. A
// successful send through the recommended stack thus reads the clock
// twice, where each layer used to read it (a third of the stack's CPU time
// on a virtual machine), and allocates nothing. (The breaker's state
// machine, github.com/sony/gobreaker/v2, also reads time.Now twice per send
// on its own: it takes no clock.) A middleware of another package between two of these
// starts the sharing afresh below it.
package middleware
