package verify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/smskit/sms"
)

// Local is the local backend: it makes codes, keeps their keyed hashes in
// a Store and sends them through any sms.Sender. It implements Verifier
// and is safe for concurrent use.
//
// Local enforces what belongs to one verification (expiry, attempts,
// resend interval, sends, duplicate policy). Limits across verifications
// (per recipient per day, per client key, destination countries) are
// Guard's: use NewGuarded, or wrap Local in Guard.
type Local struct {
	opts  Options
	store Store
	hash  *hasher
}

// New returns the local backend configured by opts, or an error wrapping
// sms.ErrInvalidOptions when opts cannot work.
func New(opts Options) (*Local, error) {
	opts, err := opts.validate()
	if err != nil {
		return nil, err
	}
	if len(opts.Secret) == 0 {
		opts.Secret = make([]byte, MinSecretLength)
		if _, err := rand.Read(opts.Secret); err != nil {
			return nil, optionsError("no random secret: " + err.Error())
		}
	}
	store := opts.Store
	if store == nil {
		if store, err = NewMemoryStore(MemoryStoreOptions{}); err != nil {
			return nil, err
		}
	}
	hash := newHasher(opts.Secret)
	opts.Secret = nil // kept by the hasher only: fmt cannot reach it in a Local held by value
	return &Local{opts: opts, store: store, hash: hash}, nil
}

// Store returns the Store of l.
func (l *Local) Store() Store { return l.store }

// Start implements Verifier. It issues a code for req.To and req.Purpose
// in the Store, then sends it with Options.Template. A send that was
// definitely not accepted is revoked: it leaves nothing behind. A send
// that may have been accepted keeps the code pending and counted, and
// Start returns the Verification with the error.
func (l *Local) Start(ctx context.Context, req Request) (Verification, error) {
	if err := sms.CheckContext(ctx); err != nil {
		return Verification{}, sms.WithProvider(err, Name)
	}
	phone, err := sms.ParsePhone(req.To, l.opts.DefaultRegion)
	if err != nil {
		return Verification{}, sms.WithProvider(err, Name)
	}
	purpose, err := checkPurpose(req.Purpose)
	if err != nil {
		return Verification{}, err
	}
	code := req.Code
	if code == "" {
		if code, err = newCode(l.opts.Alphabet, l.opts.CodeLength); err != nil {
			return Verification{}, &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: Name, Message: "no random code", Err: err}
		}
	} else {
		code = foldCode(l.opts.Alphabet, code)
		if len(code) < MinCodeLength || len(code) > MaxCodeLength || !inAlphabet(l.opts.Alphabet, code) {
			return Verification{}, invalid("Request.Code is not " + codeRule(l.opts.Alphabet))
		}
	}
	e164 := phone.E164()
	key := l.hash.key(e164, purpose)
	var h [HashSize]byte
	l.hash.code(&h, e164, purpose, code)
	token, err := newToken()
	if err != nil {
		return Verification{}, &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: Name, Message: "no random id", Err: err}
	}
	now := l.opts.Now()
	issued, err := l.store.Issue(ctx, key, Issue{
		Token: token, Hash: h[:], Now: now,
		ValidFor: l.opts.ValidFor, Interval: l.opts.Interval,
		MaxSends: l.opts.MaxSends, Duplicate: l.opts.Duplicate,
	})
	if err != nil {
		return Verification{}, storeError(err, issued.RetryAfter)
	}
	switch issued.Refusal {
	case NotRefused:
	case TooSoon:
		return Verification{}, limited("a code was sent for this verification less than "+sms.RoundDuration(l.opts.Interval).String()+" ago", issued.RetryAfter)
	default:
		return Verification{}, limited("this verification has had its "+itoa(l.opts.MaxSends)+" codes", issued.RetryAfter)
	}
	v := Verification{
		ID:          token,
		Expires:     issued.Expires,
		ResendAfter: now.Add(l.opts.Interval),
		Sends:       issued.Sends,
	}
	params := make(map[string]string, len(l.opts.Params)+1)
	for k, p := range l.opts.Params {
		params[k] = p
	}
	params[l.opts.CodeParam] = code
	res, err := l.opts.Sender.Send(ctx, sms.Message{To: e164, Template: l.opts.Template, Params: params, Sign: l.opts.Sign})
	v.Result = res
	if err != nil {
		if sms.IsNotAccepted(err) {
			// Nothing reached the phone: forget the code. The context may
			// be done; the revoke must still happen.
			if rerr := l.store.Revoke(context.WithoutCancel(ctx), key, token); rerr != nil {
				return Verification{}, errors.Join(err, storeError(rerr, 0))
			}
			return Verification{}, err
		}
		return v, err // may have been accepted: the code stays pending
	}
	return v, nil
}

// Check implements Verifier. It hashes the code whatever happens next, so
// that a check costs the same whether or not a verification is pending;
// input that cannot be a code (empty, longer than MaxCodeLength, not
// printable), a bad number or purpose is an InvalidArgument error that
// counts no attempt.
func (l *Local) Check(ctx context.Context, c Check) (Outcome, error) {
	if err := sms.CheckContext(ctx); err != nil {
		return Outcome{}, sms.WithProvider(err, Name)
	}
	if c.Code == "" || len(c.Code) > MaxCodeLength || strings.IndexFunc(c.Code, notCodeRune) >= 0 {
		return Outcome{}, invalid("Check.Code is empty, longer than " + itoa(MaxCodeLength) + " characters or not letters and digits")
	}
	phone, err := sms.ParsePhone(c.To, l.opts.DefaultRegion)
	if err != nil {
		return Outcome{}, sms.WithProvider(err, Name)
	}
	purpose, err := checkPurpose(c.Purpose)
	if err != nil {
		return Outcome{}, err
	}
	e164 := phone.E164()
	var h [HashSize]byte
	l.hash.code(&h, e164, purpose, foldCode(l.opts.Alphabet, c.Code))
	out, err := l.store.Check(ctx, l.hash.key(e164, purpose), Attempt{Hash: h[:], Now: l.opts.Now(), MaxAttempts: l.opts.MaxAttempts})
	if err != nil {
		return Outcome{}, storeError(err, 0)
	}
	return out, nil
}

// notCodeRune reports whether r cannot be part of any code.
func notCodeRune(r rune) bool {
	return r > unicode.MaxASCII || !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z')
}

// checkPurpose returns purpose, DefaultPurpose for empty, or an
// InvalidArgument error.
func checkPurpose(purpose string) (string, error) {
	if purpose == "" {
		return DefaultPurpose, nil
	}
	if len(purpose) > MaxPurposeLength || strings.IndexFunc(purpose, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return "", invalid("purpose is longer than " + itoa(MaxPurposeLength) + " bytes or not printable")
	}
	return purpose, nil
}

// codeRule describes the codes an alphabet allows, for errors.
func codeRule(alphabet string) string {
	what := "letters and digits of the configured alphabet"
	if alphabet == Digits {
		what = "digits"
	}
	return itoa(MinCodeLength) + " to " + itoa(MaxCodeLength) + " " + what
}

// newToken returns a random id of a code: 16 random bytes in hex.
func newToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// invalid is an InvalidArgument error of this package.
func invalid(message string) error {
	return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name, Message: message}
}

// limited is a RateLimited error for one recipient.
func limited(message string, retryAfter time.Duration) error {
	return &sms.Error{Code: sms.RateLimited, NotAccepted: true, PerRecipient: true, Provider: Name, Message: message, RetryAfter: retryAfter}
}

// storeError is a Store's failure as an *sms.Error: nothing was decided
// and nothing sent. The store's own text is not printed (it may name a
// server); it stays reachable with errors.Is and errors.As.
func storeError(err error, retryAfter time.Duration) error {
	if e, ok := errors.AsType[*sms.Error](err); ok {
		return e
	}
	msg := "store failed"
	switch {
	case errors.Is(err, ErrStoreFull):
		msg = "store is full"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return sms.WithProvider(sms.ContextError(err, true), Name)
	}
	return &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: Name, Message: msg, RetryAfter: retryAfter, Err: err}
}

func itoa(n int) string { return strconv.Itoa(n) }
