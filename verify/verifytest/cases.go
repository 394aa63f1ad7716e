package verifytest

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/verify"
)

// start starts a verification of to and purpose that must succeed, and
// returns the code sent.
func start(r reporter, b *Backend, to, purpose string) string {
	r.Helper()
	if _, err := b.Verifier.Start(context.Background(), verify.Request{To: to, Purpose: purpose}); err != nil {
		r.Fatalf("Start(%s, %q): %v", sms.MaskPhone(to), purpose, err)
	}
	code, ok := b.LastCode(to)
	if !ok || code == "" {
		r.Fatalf("Start(%s) succeeded but Backend.LastCode has no code for it", sms.MaskPhone(to))
	}
	return code
}

// check checks code, which must not fail with an error.
func check(r reporter, b *Backend, to, purpose, code string) verify.Outcome {
	r.Helper()
	out, err := b.Verifier.Check(context.Background(), verify.Check{To: to, Purpose: purpose, Code: code})
	if err != nil {
		r.Fatalf("Check(%s, %q): %v", sms.MaskPhone(to), purpose, err)
	}
	if out.Status == verify.StatusUnknown {
		r.Errorf("Check(%s, %q) returned StatusUnknown with a nil error", sms.MaskPhone(to), purpose)
	}
	return out
}

// wrong returns a code of code's length that differs from it in every
// character.
func wrong(code string) string {
	b := []byte(code)
	for i, c := range b {
		switch {
		case c == '9':
			b[i] = '8'
		case c == 'Z' || c == 'z':
			b[i] = c - 1
		default:
			b[i] = c + 1
		}
	}
	return string(b)
}

// wantNotApproved reports out unless it is not approved, and, when the
// backend reports statuses, unless it is want.
func wantNotApproved(r reporter, b *Backend, what string, out verify.Outcome, want verify.Status) {
	r.Helper()
	if out.Approved() {
		r.Errorf("%s: approved, want not approved", what)
		return
	}
	if b.ReportsExpiry && out.Status != want {
		r.Errorf("%s: outcome %q, want %q", what, out, want)
	}
}

func wantApproved(r reporter, what string, out verify.Outcome) {
	r.Helper()
	if !out.Approved() {
		r.Errorf("%s: outcome %q, want approved", what, out)
	}
}

func testApprove(r reporter, b *Backend) {
	to := b.Numbers[0]
	code := start(r, b, to, "login")
	wantApproved(r, "the right code", check(r, b, to, "login", code))
	wantNotApproved(r, b, "the right code checked a second time", check(r, b, to, "login", code), verify.NotFound)
}

func testWrongCode(r reporter, b *Backend) {
	to := b.Numbers[0]
	code := start(r, b, to, "login")
	for i := 1; i <= 2; i++ {
		out := check(r, b, to, "login", wrong(code))
		wantNotApproved(r, b, "a wrong code", out, verify.WrongCode)
		if b.ReportsAttemptsLeft && out.AttemptsLeft != b.MaxAttempts-i {
			r.Errorf("wrong code %d: AttemptsLeft %d, want %d", i, out.AttemptsLeft, b.MaxAttempts-i)
		}
	}
	wantApproved(r, "the right code after two wrong ones", check(r, b, to, "login", code))
}

func testIsolation(r reporter, b *Backend) {
	to, other := b.Numbers[0], b.Numbers[1]
	code := start(r, b, to, "login")
	wantNotApproved(r, b, "the code checked for another purpose", check(r, b, to, "reset", code), verify.NotFound)
	wantNotApproved(r, b, "the code checked for another number", check(r, b, other, "login", code), verify.NotFound)
	wantApproved(r, "the right code for the right number and purpose", check(r, b, to, "login", code))
}

func testExpiry(r reporter, b *Backend) {
	if b.Advance == nil {
		r.Skip("verifytest: Backend.Advance is nil")
	}
	early, late := b.Numbers[0], b.Numbers[1]
	earlyCode := start(r, b, early, "login")
	lateCode := start(r, b, late, "login")
	b.Advance(b.ValidFor - 1e9)
	wantApproved(r, "the right code 1s before ValidFor", check(r, b, early, "login", earlyCode))
	b.Advance(2e9)
	wantNotApproved(r, b, "the right code 1s after ValidFor", check(r, b, late, "login", lateCode), verify.Expired)
}

func testAttemptCap(r reporter, b *Backend) {
	to := b.Numbers[0]
	code := start(r, b, to, "login")
	for i := 1; i <= b.MaxAttempts; i++ {
		out := check(r, b, to, "login", wrong(code))
		if out.Approved() {
			r.Errorf("wrong code %d: approved", i)
		}
		if b.ReportsAttemptsLeft && out.Status == verify.WrongCode && out.AttemptsLeft != b.MaxAttempts-i {
			r.Errorf("wrong code %d: AttemptsLeft %d, want %d", i, out.AttemptsLeft, b.MaxAttempts-i)
		}
	}
	wantNotApproved(r, b, "the right code after MaxAttempts wrong ones", check(r, b, to, "login", code), verify.TooManyAttempts)
}

func testResendInterval(r reporter, b *Backend) {
	if b.Interval <= 0 {
		r.Skip("verifytest: Backend.Interval is zero")
	}
	to := b.Numbers[0]
	code := start(r, b, to, "login")
	_, err := b.Verifier.Start(context.Background(), verify.Request{To: to, Purpose: "login"})
	switch {
	case sms.CodeOf(err) != sms.RateLimited:
		r.Errorf("a second Start within Interval: error %v, want rate limited", err)
	case !sms.IsNotAccepted(err):
		r.Errorf("a second Start within Interval: %v, want not accepted", err)
	case sms.RetryAfterOf(err) <= 0 || sms.RetryAfterOf(err) > b.Interval:
		r.Errorf("a second Start within Interval: RetryAfter %v, want more than 0 and at most %v", sms.RetryAfterOf(err), b.Interval)
	}
	if got, _ := b.LastCode(to); got != code {
		r.Errorf("a refused Start sent a new code")
	}
	if b.Advance == nil {
		wantApproved(r, "the first code after a refused resend", check(r, b, to, "login", code))
		return
	}
	b.Advance(b.Interval)
	if _, err := b.Verifier.Start(context.Background(), verify.Request{To: to, Purpose: "login"}); err != nil {
		r.Errorf("Start after Interval: %v", err)
	}
	newest, _ := b.LastCode(to)
	wantApproved(r, "the newest code after a resend", check(r, b, to, "login", newest))
}

func testDuplicate(r reporter, b *Backend) {
	if b.Interval > 0 && b.Advance == nil {
		r.Skip("verifytest: Backend.Advance is nil")
	}
	to := b.Numbers[0]
	first := start(r, b, to, "login")
	if b.Interval > 0 {
		b.Advance(b.Interval)
	}
	second := start(r, b, to, "login")
	if first == second {
		// Twilio sends the same code again while it is valid, and random
		// codes may repeat: the policies cannot be told apart.
		wantApproved(r, "the resent code", check(r, b, to, "login", second))
		return
	}
	if b.Duplicate == verify.KeepAll {
		wantApproved(r, "the first code after a resend under KeepAll", check(r, b, to, "login", first))
		return
	}
	wantNotApproved(r, b, "the first code after a resend under ReplaceOld", check(r, b, to, "login", first), verify.WrongCode)
	wantApproved(r, "the newest code after a resend under ReplaceOld", check(r, b, to, "login", second))
}

func testMaxSends(r reporter, b *Backend) {
	if b.MaxSends <= 0 {
		r.Skip("verifytest: Backend.MaxSends is zero")
	}
	if b.Interval > 0 && b.Advance == nil {
		r.Skip("verifytest: Backend.Advance is nil")
	}
	if time.Duration(b.MaxSends-1)*b.Interval >= b.ValidFor {
		r.Skip("verifytest: MaxSends codes an Interval apart outlive ValidFor")
	}
	to := b.Numbers[0]
	var last string
	for i := 1; i <= b.MaxSends; i++ {
		if i > 1 && b.Interval > 0 {
			b.Advance(b.Interval)
		}
		last = start(r, b, to, "login")
	}
	if b.Interval > 0 {
		b.Advance(b.Interval)
	}
	_, err := b.Verifier.Start(context.Background(), verify.Request{To: to, Purpose: "login"})
	if sms.CodeOf(err) != sms.RateLimited || !sms.IsNotAccepted(err) {
		r.Errorf("Start after MaxSends (%d) codes: error %v, want rate limited, not accepted", b.MaxSends, err)
	}
	if got, _ := b.LastCode(to); got != last {
		r.Errorf("Start after MaxSends codes sent a new code")
	}
	wantApproved(r, "the newest code after MaxSends", check(r, b, to, "login", last))
}

// Concurrency is the number of goroutines of CaseConcurrent.
const Concurrency = 64

func testConcurrent(r reporter, b *Backend) {
	to := b.Numbers[0]
	code := start(r, b, to, "login")
	var (
		wg              sync.WaitGroup
		mu              sync.Mutex
		approved, fails int
		gate            = make(chan struct{})
	)
	for range Concurrency {
		wg.Go(func() {
			<-gate
			out, err := b.Verifier.Check(context.Background(), verify.Check{To: to, Purpose: "login", Code: code})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				fails++
			} else if out.Approved() {
				approved++
			}
		})
	}
	close(gate)
	wg.Wait()
	if approved != 1 {
		r.Errorf("%d concurrent checks of the right code: %d approved, want exactly 1", Concurrency, approved)
	}
	if fails > 0 {
		r.Errorf("%d concurrent checks of the right code: %d failed with an error", Concurrency, fails)
	}
}

// malformedNumbers are recipients no backend may accept.
var malformedNumbers = []string{"", "+86123", "138OO138000", "+861380013800", "+999123456789"}

func testInvalidInput(r reporter, b *Backend) {
	for _, to := range malformedNumbers {
		_, err := b.Verifier.Start(context.Background(), verify.Request{To: to, Purpose: "login"})
		if sms.CodeOf(err) != sms.InvalidArgument || !sms.IsNotAccepted(err) {
			r.Errorf("Start to malformed number %s: error %v, want invalid argument, not accepted", sms.MaskPhone(to), err)
		}
		if _, ok := b.LastCode(to); ok && to != "" {
			r.Errorf("Start to malformed number %s sent a code", sms.MaskPhone(to))
		}
		_, err = b.Verifier.Check(context.Background(), verify.Check{To: to, Purpose: "login", Code: "123456"})
		if sms.CodeOf(err) != sms.InvalidArgument {
			r.Errorf("Check of malformed number %s: error %v, want invalid argument", sms.MaskPhone(to), err)
		}
	}
	to := b.Numbers[0]
	code := start(r, b, to, "login")
	if _, err := b.Verifier.Check(context.Background(), verify.Check{To: to, Purpose: "login"}); sms.CodeOf(err) != sms.InvalidArgument {
		r.Errorf("Check of an empty code: error %v, want invalid argument", err)
	}
	wantApproved(r, "the right code after malformed checks", check(r, b, to, "login", code))
}

func testNoLeak(r reporter, b *Backend) {
	ctx := context.Background()
	to := b.Numbers[0]
	var texts []string
	add := func(what string, s string) { texts = append(texts, what+": "+s) }
	v, err := b.Verifier.Start(ctx, verify.Request{To: to, Purpose: "login"})
	if err != nil {
		r.Fatalf("Start: %v", err)
	}
	add("Verification.ID", v.ID)
	code, _ := b.LastCode(to)
	if _, err := b.Verifier.Start(ctx, verify.Request{To: to, Purpose: "login"}); err != nil {
		add("the error of a refused resend", err.Error())
	}
	for range 2 {
		out, err := b.Verifier.Check(ctx, verify.Check{To: to, Purpose: "login", Code: wrong(code)})
		add("a wrong code's outcome", out.String())
		if err != nil {
			add("a wrong code's error", err.Error())
		}
	}
	national := strings.TrimLeft(to, "+")
	national = national[min(len(national), 2):]
	for _, bad := range []string{to + "0", "+86" + national[:min(len(national), 6)]} {
		if _, err := b.Verifier.Start(ctx, verify.Request{To: bad, Purpose: "login"}); err != nil {
			add("a malformed number's error", err.Error())
		}
	}
	if _, err := b.Verifier.Check(ctx, verify.Check{To: to, Purpose: "login", Code: code + code}); err != nil {
		add("an over-long code's error", err.Error())
	}
	forbidden := append([]string{to, national, code}, b.Secrets...)
	for _, text := range texts {
		for _, f := range forbidden {
			if len(f) >= 4 && strings.Contains(text, f) {
				r.Errorf("%s holds a number, code or secret (%d characters)", text[:strings.Index(text, ":")], len(f))
			}
		}
	}
}
