package readme_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/bulk"
	"github.com/smskit/sms/dryrun"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/otelsms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/twilio"
	_ "github.com/smskit/sms/provider/twilio/twilioverify" // twilioverify:// for openVerifier
	"github.com/smskit/sms/redisstore"
	"github.com/smskit/sms/route"
	"github.com/smskit/sms/smstest"
	"github.com/smskit/sms/verify"
)

// The README's examples, in its order. Names the README takes as given
// (ctx, logger, templates, provider, credentials) are declared around them.

var (
	ctx       = context.Background()
	logger    = slog.New(slog.DiscardHandler)
	templates = []sms.Template{{
		Name:  "login_code",
		Kind:  sms.KindVerification,
		Text:  "Your login code is ${code}.",
		Codes: map[string]string{"aliyun": "SMS_123456789", "tencent": "1234567"},
	}}
)

// Example_quickstart is the README's "Quickstart".
func Example_quickstart() {
	templates := []sms.Template{{
		Name:  "login_code",
		Kind:  sms.KindVerification,
		Text:  "Your login code is ${code}.",
		Codes: map[string]string{"aliyun": "SMS_123456789"},
	}}
	production := aliyun.Options{SignName: "smskit", Templates: templates}

	// or aliyun.New(production) / twilio.New / route.New: nothing else changes
	provider, err := dryrun.New(dryrun.Options{Rules: production.Rules(), Templates: templates})
	if err != nil {
		log.Fatal(err) // errors.Is(err, sms.ErrInvalidOptions): fix the configuration
	}
	stack, err := middleware.NewStack(middleware.StackOptions{Templates: templates})
	if err != nil {
		log.Fatal(err)
	}
	sender := stack(provider)

	res, err := sender.Send(ctx, sms.Message{
		To:       "138 0013 8000", // any format; mainland China unless it says otherwise
		Template: "login_code",    // declared: a typo fails before any request
		Params:   map[string]string{"code": "482915"},
	})
	switch {
	case err == nil:
		log.Printf("accepted by %s as %s", res.Provider, res.MessageID)
	case sms.IsRetryable(err):
		// transient and definitely not accepted: safe to send again later
	case !sms.IsNotAccepted(err):
		// the provider may have accepted it: check receipts before sending again
	}

	fmt.Println(res.Provider, res.DryRun, err)
	_, err = sender.Send(ctx, sms.Message{To: "138 0013 8001", Template: "login_cod", Params: map[string]string{"code": "1"}})
	fmt.Println(err)
	// Output:
	// dryrun true <nil>
	// sms: dryrun: invalid argument: template "login_cod" is not declared: check the name, or declare it (not accepted)
}

// Example_aliyun is the README's "Sending through Alibaba Cloud SMS"; it
// needs credentials, so it is compiled, not run.
func Example_aliyun() {
	sender, err := aliyun.New(aliyun.Options{
		// AccessKeyID/AccessKeySecret, or the SDK's default chain:
		// ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET.
		SignName: "阿里云短信测试",
		Templates: []sms.Template{{
			Name:  "login_code",
			Kind:  sms.KindVerification,
			Codes: map[string]string{"aliyun": "SMS_154950909"},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	res, err := sender.Send(ctx, sms.Message{
		To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "123456"},
	})
	fmt.Println(res, err)
}

// Example_stack is the README's "The recommended middleware stack".
func Example_stack() {
	provider := fake.MustNew(fake.Options{Templates: templates})

	stack, err := middleware.NewStack(middleware.StackOptions{
		Templates: templates, // declared once: each message's kind picks its per-recipient policy
		Logger:    logger,
		Breaker:   middleware.BreakerOptions{Name: "aliyun"},
		RateLimit: middleware.RateLimitOptions{Limit: 100}, // the account's QPS
		DestinationLimit: middleware.DestinationLimitOptions{ // off unless set
			Allow:      []string{"CN", "HK"},
			PerCountry: middleware.Bucket{Limit: 1000, Per: time.Hour},
		},
	})
	if err != nil { // errors.Is(err, sms.ErrInvalidOptions): a policy that cannot work
		log.Fatal(err)
	}
	sender := stack(provider)

	_, err = sender.Send(ctx, sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "1234"}})
	fmt.Println(err)
	_, err = sender.Send(ctx, sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "5678"}})
	fmt.Println(sms.CodeOf(err), sms.IsNotAccepted(err))
	_, err = sender.Send(ctx, sms.Message{To: "+14155552671", Template: "login_code", Params: map[string]string{"code": "1234"}})
	fmt.Println(sms.CodeOf(err))
	_, err = middleware.NewStack(middleware.StackOptions{RateLimit: middleware.RateLimitOptions{Limit: -1}})
	fmt.Println(errors.Is(err, sms.ErrInvalidOptions))
	// Output:
	// <nil>
	// rate limited true
	// invalid argument
	// true
}

// Example_routing is the README's "Choosing, combining and routing
// providers"; it needs credentials, so it is compiled, not run.
func Example_routing() {
	sid, token := "AC00000000000000000000000000000000", "token"

	templates := []sms.Template{{
		Name:  "login_code",
		Kind:  sms.KindVerification,                         // or Notification, Promotion, International
		Text:  "Your login code is ${code}.",                // body-based providers (Twilio)
		Codes: map[string]string{"aliyun": "SMS_154950909"}, // template-based providers (Aliyun)
		Signs: map[string]string{"aliyun": "smskit"},        // optional: sign or sender per provider
	}}

	ali, err := aliyun.New(aliyun.Options{SignName: "smskit", Templates: templates})
	tw, err := twilio.New(twilio.Options{AccountSID: sid, AuthToken: token, From: "+15017122661", Templates: templates})
	router, err := route.New(route.Options{
		Routes: []route.Route{
			{Name: "mainland", Prefixes: []string{"+86"}, Targets: []route.Target{
				{Name: "aliyun", Sender: ali}, {Name: "twilio", Sender: tw}}},
			{Name: "world", Targets: []route.Target{{Name: "twilio", Sender: tw}}},
		},
		Templates: templates,
	})
	fmt.Println(router, err)
}

// LoginService is the application the README's test tests: it sends a
// login code and checks it.
type LoginService struct {
	Sender sms.Sender
	mu     sync.Mutex
	codes  map[string]string
}

// SendCode sends a new code to number.
func (s *LoginService) SendCode(ctx context.Context, number string) error {
	p, err := sms.ParsePhone(number, "")
	if err != nil {
		return err
	}
	code := fmt.Sprintf("%06d", time.Now().UnixNano()%1_000_000)
	if _, err := s.Sender.Send(ctx, sms.Message{To: number, Template: "login_code", Params: map[string]string{"code": code}}); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.codes == nil {
		s.codes = map[string]string{}
	}
	s.codes[p.E164()] = code
	return nil
}

// Verify reports whether code is the one sent to number.
func (s *LoginService) Verify(number, code string) bool {
	p, err := sms.ParsePhone(number, "")
	if err != nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.codes[p.E164()] == code
}

// TestLogin is the README's "Testing code that sends SMS".
func TestLogin(t *testing.T) {
	production := aliyun.Options{SignName: "smskit", Templates: templates}
	sender := fake.MustNew(fake.Options{Rules: production.Rules(), Templates: templates})
	svc := &LoginService{Sender: sender}
	require.NoError(t, svc.SendCode(ctx, "138 0013 8000"))

	sender.AssertSent(t, fake.Match{To: "+8613800138000", Template: "login_code"})
	code := sender.Code(t, "13800138000", "code") // the code the user would have read
	require.True(t, svc.Verify("13800138000", code))
}

// newBackend and newSender stand for a provider's backend and Sender: here
// a fake is both.
func newBackend(*testing.T) *fake.Sender { return fake.MustNew(fake.Options{}) }

func newSender(backend *fake.Sender) sms.Sender { return backend }

// TestConformance is the README's "Writing a provider".
func TestConformance(t *testing.T) {
	smstest.Run(t, func(t *testing.T) *smstest.Harness {
		backend := newBackend(t)
		return &smstest.Harness{Sender: newSender(backend), Received: backend.Messages}
	})
}

// startAndCheck is the README's "Verification codes": sender is the stack
// over a provider, typed what the user typed.
func startAndCheck(sender sms.Sender, clientIP string, typed func() string) (bool, error) {
	verifier, err := verify.NewGuarded(verify.Options{
		Sender:    sender, // the stack over your provider, as above
		Template:  "login_code",
		Templates: templates,
	}, verify.GuardOptions{})
	if err != nil {
		return false, err // errors.Is(err, sms.ErrInvalidOptions)
	}

	_, err = verifier.Start(ctx, verify.Request{To: "13800138000", Purpose: "login", Key: clientIP})
	switch {
	case err == nil: // "we sent you a code"
	case sms.CodeOf(err) == sms.RateLimited: // 429, Retry-After: sms.RetryAfterOf(err)
	case !sms.IsNotAccepted(err): // "the code may still arrive": offer no resend yet
	default: // nothing was sent: the user may try again
	}

	out, err := verifier.Check(ctx, verify.Check{To: "13800138000", Purpose: "login", Code: typed(), Key: clientIP})
	return err == nil && out.Approved(), err
}

// TestVerificationCodes runs the README's "Verification codes" on the fake.
func TestVerificationCodes(t *testing.T) {
	production := aliyun.Options{SignName: "smskit", Templates: templates}
	sender := fake.MustNew(fake.Options{Rules: production.Rules(), Templates: templates})
	approved, err := startAndCheck(sender, "192.0.2.1", func() string { return sender.Code(t, "13800138000", "code") })
	require.NoError(t, err)
	require.True(t, approved)
}

// openFromURL is the README's "Configuration from a URL".
func openFromURL(getenv func(string) string) (sms.Sender, error) {
	sender, err := sms.OpenSender(ctx, getenv("SMSKIT_URL")) // e.g. dryrun://, aliyun://?sign=…
	if err != nil {
		return nil, err // errors.Is(err, sms.ErrInvalidOptions); the text never quotes the URL
	}
	return sender, nil
}

// TestOpenFromURL opens the README's URL.
func TestOpenFromURL(t *testing.T) {
	sender, err := openFromURL(func(string) string { return "dryrun://" })
	require.NoError(t, err)
	_, err = sender.Send(ctx, sms.Message{To: "+8613800138000", Template: "SMS_1", Params: map[string]string{"code": "1"}})
	require.NoError(t, err)
	_, err = openFromURL(func(string) string { return "nosuch://secret@x" })
	require.ErrorIs(t, err, sms.ErrInvalidOptions)
	require.NotContains(t, err.Error(), "secret")
}

// withTelemetry is the README's "OpenTelemetry".
func withTelemetry(provider sms.Sender) (sms.Sender, error) {
	tel, err := otelsms.New(otelsms.Options{Provider: aliyun.Name}) // the global providers by default
	if err != nil {
		return nil, err
	}
	stack, err := middleware.NewStack(middleware.StackOptions{
		Templates: templates,
		Breaker:   middleware.BreakerOptions{OnStateChange: tel.BreakerStateChanged},
	})
	if err != nil {
		return nil, err
	}
	return sms.Chain(tel.Send(), stack)(tel.Attempt()(provider)), nil
}

// TestWithTelemetry sends through the README's telemetry chain.
func TestWithTelemetry(t *testing.T) {
	sender, err := withTelemetry(fake.MustNew(fake.Options{}))
	require.NoError(t, err)
	_, err = sender.Send(ctx, sms.Message{To: "+8613800138000", Template: "login_code", Params: map[string]string{"code": "1"}})
	require.NoError(t, err)
}

// onRedis is the README's "Fleet scale on Redis": addrs are Redis's
// addresses, secret the fleet's shared secret (32 bytes or more).
func onRedis(addrs []string, secret []byte) (middleware.StackOptions, verify.Options, error) {
	rdb := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: addrs, ContextTimeoutEnabled: true})
	limits, err := redisstore.NewLimitStore(rdb, redisstore.LimitOptions{KeySecret: secret})
	if err != nil {
		return middleware.StackOptions{}, verify.Options{}, err
	}
	codes, err := redisstore.NewVerifyStore(rdb, redisstore.VerifyOptions{})
	if err != nil {
		return middleware.StackOptions{}, verify.Options{}, err
	}
	stackOpts := middleware.StackOptions{Templates: templates}
	stackOpts.RecipientLimit.Verification.Store = limits
	verifyOpts := verify.Options{Template: "login_code", Templates: templates, Store: codes, Secret: secret}
	return stackOpts, verifyOpts, nil
}

// TestOnRedis builds the README's Redis options (no server needed: the
// stores connect on first use).
func TestOnRedis(t *testing.T) {
	stackOpts, verifyOpts, err := onRedis([]string{"127.0.0.1:1"}, make([]byte, 32))
	require.NoError(t, err)
	require.NoError(t, stackOpts.Validate())
	require.NotNil(t, verifyOpts.Store)
}

// openVerifier is the README's verifier URL.
func openVerifier(getenv func(string) string) (verify.Verifier, error) {
	v, err := verify.OpenVerifier(ctx, getenv("SMSKIT_VERIFY_URL")) // e.g. twilioverify://AC…:TOKEN@default?service=VA…
	if err != nil {
		return nil, err
	}
	guarded, err := verify.Guard(v, verify.GuardOptions{DefaultRegion: "US"})
	return guarded, err
}

// TestOpenVerifier opens a Twilio Verify URL (no request is made).
func TestOpenVerifier(t *testing.T) {
	v, err := openVerifier(func(string) string {
		return "twilioverify://AC00000000000000000000000000000000:token@default?service=VA00000000000000000000000000000000"
	})
	require.NoError(t, err)
	require.NotNil(t, v)
}

// chinaFailover is the README's "Tencent Cloud SMS": ali is the Aliyun
// sender.
func chinaFailover(ali sms.Sender) (sms.Sender, error) {
	ten, err := tencent.New(tencent.Options{
		SecretID:    os.Getenv("TENCENTCLOUD_SECRET_ID"), // both empty: read from the environment
		SecretKey:   os.Getenv("TENCENTCLOUD_SECRET_KEY"),
		SmsSdkAppID: "1400006666",
		SignName:    "腾讯云",
		Templates:   templates, // the same []sms.Template as every provider
	})
	if err != nil {
		return nil, err
	}
	router, err := route.New(route.Options{
		Routes: []route.Route{{Name: "mainland", Prefixes: []string{"+86"}, Targets: []route.Target{
			{Name: "aliyun", Sender: ali}, {Name: "tencent", Sender: ten}}}},
		Templates: templates,
	})
	return router, err
}

// TestChinaFailover builds the README's Aliyun → Tencent router.
func TestChinaFailover(t *testing.T) {
	t.Setenv("TENCENTCLOUD_SECRET_ID", "AKIDexample")
	t.Setenv("TENCENTCLOUD_SECRET_KEY", "example-key")
	router, err := chinaFailover(fake.MustNew(fake.Options{}))
	require.NoError(t, err)
	require.NotNil(t, router)
}

// sendNotice is the README's "Bulk sending": recipients is a stream, n
// their number (for the ETA), key the journal's secret.
func sendNotice(sender sms.Sender, recipients iter.Seq2[sms.Recipient, error], n int64, path string, key []byte) (bulk.Progress, error) {
	j, err := bulk.OpenJournal(path, bulk.JournalOptions{Key: key}) // key: 16+ secret bytes, kept apart from the journal
	if err != nil {
		return bulk.Progress{}, err
	}
	defer j.Close()
	return bulk.Send(ctx, sender, recipients, bulk.Options{
		Template:       "outage_notice",
		CallsPerSecond: 2000, // Aliyun's account cap is about 5,000, shared
		Journal:        j,
		Total:          n, // for the ETA
		Progress: func(p bulk.Progress) {
			log.Printf("%d/%d, %.0f/s, ETA %s", p.Sent()+p.Skipped, p.Total, p.Rate(), p.ETA())
		},
	}) // its Accepted, NotAccepted, PossiblyAccepted, Skipped, Calls
}

// TestSendNotice sends the README's notice to two numbers through a fake,
// then reruns it: the journal sends to nobody twice.
func TestSendNotice(t *testing.T) {
	notice := []sms.Template{{Name: "outage_notice", Kind: sms.KindNotification, Text: "Dear ${name}, service resumes at ${time}."}}
	sender := fake.MustNew(fake.Options{Templates: notice})
	recipients := func(yield func(sms.Recipient, error) bool) {
		for _, to := range []string{"+8613800138000", "+8613900139000"} {
			if !yield(sms.Recipient{To: to, Params: map[string]string{"name": "Li", "time": "10:00"}}, nil) {
				return
			}
		}
	}
	path, key := t.TempDir()+"/notice.jsonl", make([]byte, 32)
	sum, err := sendNotice(sender, recipients, 2, path, key)
	require.NoError(t, err)
	require.EqualValues(t, 2, sum.Accepted)
	sum, err = sendNotice(sender, recipients, 2, path, key)
	require.NoError(t, err)
	require.EqualValues(t, 2, sum.Skipped)
	require.Len(t, sender.Records(), 2)
}
