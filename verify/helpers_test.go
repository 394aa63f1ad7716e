package verify_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/verify"
	"github.com/smskit/sms/verify/verifytest"
)

const (
	alice = "+8613800138000"
	bob   = "+8613900139001"
)

var templates = []sms.Template{
	{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}."},
	{Name: "login_code_minutes", Kind: sms.KindVerification, Text: "Your code is ${code}, valid ${minutes} minutes."},
	{Name: "order_notice", Kind: sms.KindNotification, Text: "Order ${order} shipped."},
}

var testSecret = []byte("0123456789abcdef0123456789abcdef-test-secret")

var epoch = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// env is a local backend on a fake sender with a manual clock.
type env struct {
	local  *verify.Local
	store  *verify.MemoryStore
	sender *fake.Sender
	clock  *testclock.Clock
	opts   verify.Options
}

func newEnv(t testing.TB, mutate func(*verify.Options)) *env {
	t.Helper()
	clock := testclock.New(epoch)
	sender := fake.MustNew(fake.Options{Templates: templates, Now: clock.Now})
	store, err := verify.NewMemoryStore(verify.MemoryStoreOptions{})
	require.NoError(t, err)
	opts := verify.Options{
		Sender: sender, Template: "login_code", Templates: templates,
		Store: store, Secret: testSecret, Now: clock.Now,
	}
	if mutate != nil {
		mutate(&opts)
	}
	l, err := verify.New(opts)
	require.NoError(t, err)
	return &env{local: l, store: store, sender: sender, clock: clock, opts: opts}
}

// lastCode is the code the fake last delivered to to.
func (e *env) lastCode(to string) (string, bool) {
	r, ok := e.sender.Last(to)
	if !ok {
		return "", false
	}
	return r.Message.Params["code"], true
}

// backend describes e for verifytest.
func (e *env) backend(v verify.Verifier) verifytest.Backend {
	return verifytest.Backend{
		Verifier: v, LastCode: e.lastCode, Advance: e.clock.Advance,
		ValidFor: verify.DefaultValidFor, Interval: verify.DefaultInterval,
		MaxAttempts: verify.DefaultMaxAttempts, MaxSends: verify.DefaultMaxSends,
		Duplicate: e.opts.Duplicate, ReportsExpiry: true, ReportsAttemptsLeft: true,
		Secrets: []string{string(testSecret)},
	}
}
