package verify

import (
	"context"
	"crypto/rand"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
)

// KeySendPolicy is GuardOptions.KeySends's default policy: the codes one
// caller key (a client IP, an account) may have sent, to any numbers: 5 a
// minute and 30 an hour. Generous for people behind one NAT, ruinous for
// SMS pumping from one address.
func KeySendPolicy() middleware.Policy {
	return middleware.Policy{{Limit: 5, Per: time.Minute}, {Limit: 30, Per: time.Hour}}
}

// KeyCheckPolicy is GuardOptions.KeyChecks's default policy: the checks one
// caller key may make, of any verifications: 10 a minute and 60 an hour,
// so that guessing across many numbers from one key stays slow.
func KeyCheckPolicy() middleware.Policy {
	return middleware.Policy{{Limit: 10, Per: time.Minute}, {Limit: 60, Per: time.Hour}}
}

// RecipientCheckPolicy is GuardOptions.RecipientChecks's default policy:
// the checks of one number's codes, across purposes, verifications and
// keys: 10 in 10 minutes and 30 a day.
//
// Why: the per-key limits do not stop an attacker who rotates keys (client
// IPs are cheap), and the attempt cap per verification is the backend's:
// the local backend and Twilio Verify allow 5, but Aliyun's Dypnsapi
// documents none, so behind aliyunverify a code would otherwise take
// guesses without end for its 5 minutes. 10 in 10 minutes is two full
// verifications' worth of attempts (5 each), more than a person typing
// mistakes needs; 30 a day is three such bursts, and stays below what the
// local backend allows a day (5 attempts for each of the 10 codes
// AliyunCodePolicy sends). Against a 6-digit code an attacker gets at most
// 30 guesses a day per number, whatever the backend and however many keys
// he has: odds of 3 in 100,000 a day.
//
// The price: whoever knows a number can spend its checks and keep its
// owner from checking for up to 10 minutes (then one check a 20 minutes
// on average, up to a day). The refusal is RateLimited with RetryAfter,
// which an application shows as "try again later"; it is the same lock-out
// an attempt cap gives, and far cheaper than a stolen account.
func RecipientCheckPolicy() middleware.Policy {
	return middleware.Policy{{Limit: 10, Per: 10 * time.Minute}, {Limit: 30, Per: 24 * time.Hour}}
}

// GuardOptions configures Guard. The zero value is ready to use: codes go
// only to numbers of the default region, at most AliyunCodePolicy to a
// number, KeySendPolicy per key, KeyCheckPolicy per key, and
// RecipientCheckPolicy checks per number.
//
// Guard never gives a store a number or a key in clear: its store keys are
// a prefix and an HMAC-SHA-256, under Secret, of the number (in E.164) or
// the key. A shared store (Redis) thus holds no personal data, and its
// keys cannot be linked to numbers without Secret.
type GuardOptions struct {
	// Allow lists the destination regions codes may go to, as
	// middleware.DestinationLimitOptions.Allow does (ISO 3166-1 codes such
	// as "CN"; "001" for non-geographic numbers). Empty means only
	// DefaultRegion, unless AnyRegion is set.
	Allow []string
	// AnyRegion lets codes go to every region. SMS pumping targets the
	// countries an application never serves: set it only with a
	// per-country limit in the sending stack (middleware.DestinationLimit).
	AnyRegion bool
	// DefaultRegion is the region of numbers written without a country
	// code. Empty means sms.DefaultRegion ("CN").
	DefaultRegion string
	// Recipients limits the codes sent to one number, across purposes and
	// verifications. Nil means a middleware.MemoryStore with
	// middleware.AliyunCodePolicy (1 a minute, 5 an hour, 10 a day). Keys
	// are "verify-to:" and the number in E.164; do not share the store of
	// a middleware.RecipientLimit in the sending stack, or each code
	// counts twice.
	Recipients middleware.Store
	// KeySends limits the codes started with one Request.Key. Nil means a
	// middleware.MemoryStore with KeySendPolicy. Keys are "verify-key:"
	// and Request.Key. Requests without a Key are not limited by key.
	KeySends middleware.Store
	// KeyChecks limits the checks made with one Check.Key. Nil means a
	// middleware.MemoryStore with KeyCheckPolicy. Checks without a Key are
	// not limited by key (each verification still caps its attempts).
	KeyChecks middleware.Store
	// RecipientChecks limits the checks of one number's codes, across
	// purposes, verifications and keys, so that an attacker who rotates
	// keys still gets few guesses (see RecipientCheckPolicy). Nil means a
	// middleware.MemoryStore with RecipientCheckPolicy. Keys are
	// "verify-check-to:" and a keyed hash of the number.
	RecipientChecks middleware.Store
	// Secret is the HMAC key of the store keys, at least MinSecretLength
	// bytes, copied by Guard. It is required when any of the stores above
	// is given (a store shared by several instances needs the same secret
	// on each, or every instance would count apart); with the default
	// memory stores, nil means a random secret. NewGuarded uses
	// Options.Secret when Secret is nil (the hashes are domain-separated,
	// so one secret may serve both).
	Secret []byte
	// Now is the clock of the limits. Nil means time.Now.
	Now func() time.Time
}

// Guarded is a Verifier behind Guard's abuse controls. It is safe for
// concurrent use.
type Guarded struct {
	next                   Verifier
	allow                  []string // nil: every region
	region                 string
	recipients, keys, chks middleware.Store
	recipientChecks        middleware.Store
	hash                   *hasher
	now                    func() time.Time
}

// The store keys' prefixes, before the keyed hash, and the limits' names
// inside the hash.
const (
	prefixTo      = "verify-to:"
	prefixKey     = "verify-key:"
	prefixCheckTo = "verify-check-to:"
)

// Guard wraps any Verifier (the local backend or a hosted one) in abuse
// controls that apply before it is called:
//
//   - a destination-region allowlist: Start to a number of another region
//     is refused with InvalidArgument, not accepted, wrapping
//     middleware.ErrDestinationNotAllowed;
//   - a per-recipient send limit and a per-key send limit: Start past one
//     is refused with RateLimited, not accepted, RetryAfter set
//     (PerRecipient for the recipient's limit);
//   - a per-key check limit: Check past it is refused with RateLimited;
//   - a per-recipient check limit: Check past it is refused with
//     RateLimited, PerRecipient, RetryAfter set, before the wrapped
//     Verifier is asked, whether or not a verification is pending (the
//     refusal says nothing about one). Checks are never refunded: a
//     right code counts as a guess.
//
// Guard reads numbers written without a country code as numbers of
// GuardOptions.DefaultRegion and hands the wrapped Verifier the number in
// E.164, so that the number limited is the number the code goes to even
// when the wrapped Verifier's own default region differs.
//
// A Start that fails definitely not accepted (refused by a limit, by the
// wrapped Verifier, or by the provider) gives back what it took from the
// limits; one that may have been accepted keeps it counted. Errors name
// neither the number nor the key. Guard returns an error wrapping
// sms.ErrInvalidOptions when opts cannot work.
func Guard(v Verifier, opts GuardOptions) (*Guarded, error) {
	if v == nil {
		return nil, optionsError("Guard: the Verifier is nil")
	}
	region := opts.DefaultRegion
	if region == "" {
		region = sms.DefaultRegion
	}
	if !knownRegion(region) {
		return nil, optionsError("GuardOptions.DefaultRegion " + sms.Quote(region) + " is not a region code such as \"CN\" or \"US\"")
	}
	g := &Guarded{next: v, region: region, recipients: opts.Recipients, keys: opts.KeySends, chks: opts.KeyChecks,
		recipientChecks: opts.RecipientChecks, now: opts.Now}
	secret, err := guardSecret(opts)
	if err != nil {
		return nil, err
	}
	g.hash = newHasher(secret)
	if !opts.AnyRegion {
		g.allow = slices.Clone(opts.Allow)
		if len(g.allow) == 0 {
			g.allow = []string{region}
		}
		for _, r := range g.allow {
			if !knownRegion(r) || r != strings.ToUpper(r) {
				return nil, optionsError("GuardOptions.Allow: " + sms.Quote(r) + " is not a region code such as \"CN\" or \"US\"")
			}
		}
	}
	for _, s := range []struct {
		store  *middleware.Store
		policy middleware.Policy
	}{
		{&g.recipients, middleware.AliyunCodePolicy()}, {&g.keys, KeySendPolicy()},
		{&g.chks, KeyCheckPolicy()}, {&g.recipientChecks, RecipientCheckPolicy()},
	} {
		if *s.store == nil {
			if *s.store, err = middleware.NewMemoryStore(middleware.MemoryStoreOptions{Policy: s.policy}); err != nil {
				return nil, err
			}
		}
	}
	if g.now == nil {
		g.now = time.Now
	}
	return g, nil
}

// guardSecret returns the secret of Guard's store keys: a copy of
// opts.Secret, or a random one when every store is Guard's own.
func guardSecret(opts GuardOptions) ([]byte, error) {
	if opts.Secret != nil {
		if len(opts.Secret) < MinSecretLength {
			return nil, optionsError("GuardOptions.Secret is shorter than " + strconv.Itoa(MinSecretLength) + " bytes")
		}
		return slices.Clone(opts.Secret), nil
	}
	if opts.Recipients != nil || opts.KeySends != nil || opts.KeyChecks != nil || opts.RecipientChecks != nil {
		return nil, optionsError("GuardOptions.Secret is required with a store of your own: every instance sharing a store must hash its keys with the same secret")
	}
	secret := make([]byte, MinSecretLength)
	if _, err := rand.Read(secret); err != nil {
		return nil, optionsError("no random secret: " + err.Error())
	}
	return secret, nil
}

// NewGuarded returns the recommended local backend: New(opts) wrapped in
// Guard(g), with g.DefaultRegion defaulting to opts.DefaultRegion, g.Now
// to opts.Now and g.Secret to opts.Secret.
func NewGuarded(opts Options, g GuardOptions) (*Guarded, error) {
	l, err := New(opts)
	if err != nil {
		return nil, err
	}
	if g.DefaultRegion == "" {
		g.DefaultRegion = opts.DefaultRegion
	}
	if g.Now == nil {
		g.Now = opts.Now
	}
	if g.Secret == nil {
		g.Secret = opts.Secret
	}
	return Guard(l, g)
}

// Unwrap returns the Verifier g guards.
func (g *Guarded) Unwrap() Verifier { return g.next }

// Start implements Verifier.
func (g *Guarded) Start(ctx context.Context, req Request) (Verification, error) {
	if err := sms.CheckContext(ctx); err != nil {
		return Verification{}, sms.WithProvider(err, Name)
	}
	phone, err := sms.ParsePhone(req.To, g.region)
	if err != nil {
		return Verification{}, sms.WithProvider(err, Name)
	}
	if g.allow != nil && !slices.Contains(g.allow, phone.Region) {
		return Verification{}, &sms.Error{
			Code: sms.InvalidArgument, NotAccepted: true, Provider: Name,
			Message: "codes may not go to region " + sms.Quote(phone.Region),
			Err:     middleware.ErrDestinationNotAllowed,
		}
	}
	now := g.now()
	var taken []take
	defer func() { g.refund(ctx, taken) }()
	if req.Key != "" {
		t := take{g.keys, g.hash.limitKey(prefixKey, req.Key), now}
		if err := g.take(ctx, t, "too many codes for this caller", false); err != nil {
			return Verification{}, err
		}
		taken = append(taken, t)
	}
	t := take{g.recipients, g.hash.limitKey(prefixTo, phone.E164()), now}
	if err := g.take(ctx, t, "too many codes for this number", true); err != nil {
		return Verification{}, err
	}
	taken = append(taken, t)
	req.To = phone.E164() // the number limited is the number sent to, whatever the backend's region
	v, err := g.next.Start(ctx, req)
	if err == nil || !sms.IsNotAccepted(err) {
		taken = nil // sent, or may have been: the sends count
	}
	return v, err
}

// Check implements Verifier.
func (g *Guarded) Check(ctx context.Context, c Check) (Outcome, error) {
	if err := sms.CheckContext(ctx); err != nil {
		return Outcome{}, sms.WithProvider(err, Name)
	}
	phone, err := sms.ParsePhone(c.To, g.region)
	if err != nil {
		return Outcome{}, sms.WithProvider(err, Name)
	}
	now := g.now()
	if c.Key != "" {
		if err := g.take(ctx, take{g.chks, g.hash.limitKey(prefixKey, c.Key), now}, "too many checks for this caller", false); err != nil {
			return Outcome{}, err
		}
	}
	t := take{g.recipientChecks, g.hash.limitKey(prefixCheckTo, phone.E164()), now}
	if err := g.take(ctx, t, "too many checks for this number", true); err != nil {
		return Outcome{}, err
	}
	c.To = phone.E164()
	return g.next.Check(ctx, c)
}

// take is one send counted in a limit's store.
type take struct {
	store middleware.Store
	key   string
	at    time.Time
}

// take counts t, or returns the refusal.
func (g *Guarded) take(ctx context.Context, t take, refusal string, perRecipient bool) error {
	ok, wait, err := t.store.Take(ctx, t.key, t.at)
	if err != nil {
		return storeError(err, wait)
	}
	if !ok {
		return &sms.Error{Code: sms.RateLimited, NotAccepted: true, PerRecipient: perRecipient, Provider: Name, Message: refusal, RetryAfter: wait}
	}
	return nil
}

// refund gives back what a Start that was not accepted took.
func (g *Guarded) refund(ctx context.Context, taken []take) {
	ctx = context.WithoutCancel(ctx)
	for _, t := range taken {
		_ = t.store.Refund(ctx, t.key, t.at) // a refund that fails leaves the limit stricter, never looser
	}
}
