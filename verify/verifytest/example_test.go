package verifytest_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/verify"
	"github.com/smskit/sms/verify/verifytest"
)

// clock is the backend's clock, which the suite moves through
// Backend.Advance instead of sleeping.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newBackend wires one fresh local backend (package verify on a fake
// sender) to the suite: the Verifier, where to read the code "sent", the
// clock, and the limits the Verifier was given.
func newBackend() verifytest.Backend {
	c := &clock{now: time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)}
	templates := []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: "Your code is ${code}."}}
	sender := fake.MustNew(fake.Options{Templates: templates, Now: c.Now})
	v, err := verify.New(verify.Options{Sender: sender, Template: "login_code", Templates: templates, Now: c.Now})
	if err != nil {
		panic(err) // in a test: require.NoError(t, err)
	}
	return verifytest.Backend{
		Verifier: v,
		LastCode: func(to string) (string, bool) {
			r, ok := sender.Last(to)
			return r.Message.Params["code"], ok
		},
		Advance:     c.Advance,
		ValidFor:    verify.DefaultValidFor,
		Interval:    verify.DefaultInterval,
		MaxAttempts: verify.DefaultMaxAttempts,
		MaxSends:    verify.DefaultMaxSends,
		// The local backend tells every outcome apart.
		ReportsExpiry:       true,
		ReportsAttemptsLeft: true,
	}
}

// A backend's conformance test hands Run a Harness that makes a fresh
// Backend per case. An Example cannot take a *testing.T, so this one shows
// the wiring and then walks a Backend through the steps of the Expiry case
// by its hooks, as the suite does.
func Example() {
	h := verifytest.Harness{New: func(testing.TB) verifytest.Backend { return newBackend() }}
	// In the backend's _test.go file:
	//
	//	func TestConformance(t *testing.T) { verifytest.Run(t, h) }
	_ = h
	fmt.Println(verifytest.Cases())

	ctx := context.Background()
	b := newBackend()
	to := verifytest.DefaultNumbers[0]
	_, err := b.Verifier.Start(ctx, verify.Request{To: to, Purpose: "login"})
	fmt.Println("start:", err)
	code, ok := b.LastCode(to) // random: compared, never printed
	fmt.Println("sent:", ok, len(code))

	out, err := b.Verifier.Check(ctx, verify.Check{To: to, Purpose: "login", Code: "00000x"}) // never the code: digits only
	fmt.Println(out, err)
	b.Advance(b.ValidFor)
	out, err = b.Verifier.Check(ctx, verify.Check{To: to, Purpose: "login", Code: code})
	fmt.Println(out, err)
	// Output:
	// [Approve WrongCode Isolation Expiry AttemptCap ResendInterval Duplicate MaxSends Concurrent InvalidInput NoLeak]
	// start: <nil>
	// sent: true 6
	// wrong code (4 attempts left) <nil>
	// expired <nil>
}
