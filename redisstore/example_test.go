package redisstore_test

import (
	"github.com/redis/go-redis/v9"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/redisstore"
	"github.com/smskit/sms/verify"
)

// The stack's per-recipient limit on Redis: one client, one store per
// template kind (each with its own policy and prefix).
func Example() {
	client := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{"127.0.0.1:6379"}, ContextTimeoutEnabled: true})
	codes, err := redisstore.NewLimitStore(client, redisstore.LimitOptions{KeySecret: []byte("the fleet's 32-byte random secret")})
	if err != nil {
		panic(err)
	}
	stack := middleware.Stack(middleware.StackOptions{
		RecipientLimit: middleware.RecipientLimitOptions{Verification: middleware.KindLimit{Store: codes}},
	})
	var provider sms.Sender // aliyun.New(...), twilio.New(...)
	sender := stack(provider)
	_ = sender
}

// Notifications have a policy of their own: a second store, on its own
// prefix.
func ExampleNewLimitStore_perKind() {
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379", ContextTimeoutEnabled: true})
	notices, err := redisstore.NewLimitStore(client, redisstore.LimitOptions{
		Policy:   middleware.AliyunNotificationPolicy(),
		Prefix:   "myapp:notice:",
		FailMode: redisstore.FailOpen, // a notice matters more than its limit
	})
	if err != nil {
		panic(err)
	}
	_ = middleware.RecipientLimitOptions{Notification: middleware.KindLimit{Store: notices}}
}

// The verifier's pending codes on Redis: a code sent by one instance is
// checked, once, by any other. Every instance hashes with the same Secret.
func ExampleNewVerifyStore() {
	client := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{"127.0.0.1:6379"}, ContextTimeoutEnabled: true})
	codes, err := redisstore.NewVerifyStore(client, redisstore.VerifyOptions{})
	if err != nil {
		panic(err)
	}
	var provider sms.Sender // the stack over aliyun.New(...) or twilio.New(...)
	v, err := verify.New(verify.Options{
		Sender: provider, Template: "login_code",
		Templates: []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}."}},
		Store:     codes, Secret: []byte("the fleet's HMAC secret, 32 bytes or more"),
	})
	_, _ = v, err
}
