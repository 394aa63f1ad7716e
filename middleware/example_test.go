package middleware_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

// The recommended stack's order, proven by what happens: a retried message
// is logged once with its attempts and counted once by the recipient limit;
// every attempt waits for a provider-rate token; an open breaker ends the
// retries at once without a token or a provider call.
func ExampleNewStack() {
	// A clock that moves only when someone waits, so the output is stable.
	now := time.Date(2030, 1, 1, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	sleep := func(what string) func(context.Context, time.Duration) error {
		return func(_ context.Context, d time.Duration) error {
			fmt.Println("  wait", d, "for", what)
			now = now.Add(d)
			return nil
		}
	}

	calls, down := 0, false
	provider := sms.SenderFunc(func(_ context.Context, m sms.Message) (sms.Result, error) {
		calls++
		now = now.Add(100 * time.Millisecond)
		if down || calls == 1 {
			fmt.Println("  provider call", calls, "fails: unavailable")
			return sms.Result{}, &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: "aliyun"}
		}
		fmt.Println("  provider call", calls, "accepts", m)
		return sms.Result{Provider: "aliyun", MessageID: fmt.Sprint("biz-", calls)}, nil
	})

	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	stack, err := middleware.NewStack(middleware.StackOptions{
		Logger:    logger,
		Now:       clock,
		Retry:     middleware.RetryOptions{Sleep: sleep("retry backoff"), Rand: func() float64 { return 0.5 }},
		Breaker:   middleware.BreakerOptions{Name: "aliyun", ConsecutiveFailures: 2},
		RateLimit: middleware.RateLimitOptions{Limit: 1, Sleep: sleep("rate limit token")}, // one send per second
	})
	if err != nil { // errors.Is(err, sms.ErrInvalidOptions): fix the configuration
		panic(err)
	}
	sender := stack(provider)

	send := func(to string) {
		fmt.Println("send to", sms.MaskPhone(to))
		_, _ = sender.Send(context.Background(), sms.Message{To: to, Template: "SMS_123", Params: map[string]string{"code": "482915"}})
	}
	send("+8613800138000") // retried once: one log line, attempts=2
	send("+8613800138000") // counted once, so the limit allows no second message this minute
	down = true
	send("+8613900000000") // two failures open the breaker; the third attempt fails fast

	// Output:
	// send to +86 138****8000
	//   provider call 1 fails: unavailable
	//   wait 50ms for retry backoff
	//   wait 850ms for rate limit token
	//   provider call 2 accepts sms.Message{To: +86 138****8000, Template: "SMS_123", Params: 1 hidden}
	// level=INFO msg="sms sent" provider=aliyun to="+86 138****8000" template=SMS_123 message_id=biz-2 duration=1.1s attempts=2
	// send to +86 138****8000
	// level=WARN msg="sms failed" provider=recipientlimit to="+86 138****8000" template=SMS_123 duration=0s attempts=0 code="rate limited" not_accepted=true error="sms: recipientlimit: rate limited: too many messages for this recipient (retry after 59s, not accepted)"
	// send to +86 139****0000
	//   wait 900ms for rate limit token
	//   provider call 3 fails: unavailable
	//   wait 50ms for retry backoff
	//   wait 850ms for rate limit token
	//   provider call 4 fails: unavailable
	// level=WARN msg="sms circuit breaker open" breaker=aliyun from=closed to=open
	//   wait 100ms for retry backoff
	// level=WARN msg="sms failed" provider=breaker to="+86 139****0000" template=SMS_123 duration=2.1s attempts=3 code=unavailable not_accepted=true error="sms: breaker: unavailable: circuit breaker is open (retry after 30s, not accepted)"
}

// A per-recipient limit with Aliyun's verification-code policy: the second
// code within a minute is refused before it reaches the provider, with the
// time the user must wait.
func ExampleRecipientLimit() {
	now := time.Date(2030, 1, 1, 8, 0, 0, 0, time.UTC)
	sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{
		Verification: middleware.KindLimit{Policy: middleware.AliyunCodePolicy()},
		Now:          func() time.Time { return now },
	})(sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		return sms.Result{Provider: "aliyun", MessageID: "biz-1"}, nil
	}))

	code := sms.Message{Template: "SMS_123", Params: map[string]string{"code": "482915"}}
	code.To = "+8613800138000"
	_, err := sender.Send(context.Background(), code)
	fmt.Println("first:", err)

	now = now.Add(20 * time.Second)
	code.To = "138 0013 8000" // the same number, written another way
	_, err = sender.Send(context.Background(), code)
	fmt.Println("second:", sms.CodeOf(err), "- retry after", sms.RetryAfterOf(err))
	// Output:
	// first: <nil>
	// second: rate limited - retry after 40s
}

// Keying the limit by the client's IP address carried in the context, so
// that one client cannot pump messages to many numbers.
func ExampleKeyFunc() {
	type clientIP struct{}
	byIP := func(ctx context.Context, _ sms.Message) (string, error) {
		ip, ok := ctx.Value(clientIP{}).(string)
		if !ok {
			return "", &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Message: "no client IP"}
		}
		return ip, nil
	}
	now := time.Date(2030, 1, 1, 8, 0, 0, 0, time.UTC)
	sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{
		Verification: middleware.KindLimit{Key: byIP, Policy: middleware.Policy{{Limit: 3, Per: time.Hour}}},
		Now:          func() time.Time { return now },
	})(sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		return sms.Result{}, nil
	}))

	ctx := context.WithValue(context.Background(), clientIP{}, "203.0.113.7")
	for i := range 4 {
		to := fmt.Sprintf("+861380013800%d", i) // a different number each time
		_, err := sender.Send(ctx, sms.Message{To: to, Template: "SMS_123"})
		fmt.Println(sms.MaskPhone(to), sms.CodeOf(err))
	}
	// Output:
	// +86 138****8000 ok
	// +86 138****8001 ok
	// +86 138****8002 ok
	// +86 138****8003 rate limited
}

// Limits per template kind: a verification code and, a second later, an
// order notice to the same number are both sent; a second code within the
// minute is not.
func ExampleRecipientLimitOptions_kinds() {
	now := time.Date(2030, 1, 1, 8, 0, 0, 0, time.UTC)
	sender := middleware.RecipientLimit(middleware.RecipientLimitOptions{
		Templates: []sms.Template{ // declared once, as for the providers
			{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}."},
			{Name: "order_shipped", Kind: sms.KindNotification, Text: "Order ${order} has shipped."},
		},
		Now: func() time.Time { return now },
	})(sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		return sms.Result{Provider: "aliyun", MessageID: "biz-1"}, nil
	}))

	for _, m := range []sms.Message{
		{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "482915"}},
		{To: "+8613800138000", Template: "order_shipped", Params: map[string]string{"order": "A-1001"}},
		{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "193827"}},
	} {
		now = now.Add(time.Second)
		_, err := sender.Send(context.Background(), m)
		fmt.Println(m.Template, sms.CodeOf(err))
	}
	// Output:
	// login_code ok
	// order_shipped ok
	// login_code rate limited
}

// Against SMS pumping without memory per number: messages go to mainland
// China and Hong Kong only, and each of them at most 100 an hour (a
// bucket that refills evenly).
func ExampleDestinationLimit() {
	now := time.Date(2030, 1, 1, 8, 0, 0, 0, time.UTC)
	sender := middleware.DestinationLimit(middleware.DestinationLimitOptions{
		Allow:      []string{"CN", "HK"},
		PerCountry: middleware.Bucket{Limit: 100, Per: time.Hour},
		Now:        func() time.Time { return now },
	})(sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		return sms.Result{Provider: "aliyun", MessageID: "biz-1"}, nil
	}))

	_, err := sender.Send(context.Background(), sms.Message{To: "+8613800138000", Template: "login_code"})
	fmt.Println(err)
	_, err = sender.Send(context.Background(), sms.Message{To: "+18762101234", Template: "login_code"})
	fmt.Println(err)
	// Output:
	// <nil>
	// sms: destinationlimit: invalid argument: messages to region JM are not allowed (DestinationLimitOptions.Allow) (not accepted)
}
