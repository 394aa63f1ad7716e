package verify

import (
	"context"
	"slices"
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

// GuardOptions configures Guard. The zero value is ready to use: codes go
// only to numbers of the default region, at most AliyunCodePolicy to a
// number, KeySendPolicy per key, KeyCheckPolicy per key.
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
	now                    func() time.Time
}

// Guard wraps any Verifier (the local backend or a hosted one) in abuse
// controls that apply before it is called:
//
//   - a destination-region allowlist: Start to a number of another region
//     is refused with InvalidArgument, not accepted, wrapping
//     middleware.ErrDestinationNotAllowed;
//   - a per-recipient send limit and a per-key send limit: Start past one
//     is refused with RateLimited, not accepted, RetryAfter set
//     (PerRecipient for the recipient's limit);
//   - a per-key check limit: Check past it is refused with RateLimited.
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
	g := &Guarded{next: v, region: region, recipients: opts.Recipients, keys: opts.KeySends, chks: opts.KeyChecks, now: opts.Now}
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
	var err error
	for _, s := range []struct {
		store  *middleware.Store
		policy middleware.Policy
	}{{&g.recipients, middleware.AliyunCodePolicy()}, {&g.keys, KeySendPolicy()}, {&g.chks, KeyCheckPolicy()}} {
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

// NewGuarded returns the recommended local backend: New(opts) wrapped in
// Guard(g), with g.DefaultRegion defaulting to opts.DefaultRegion and
// g.Now to opts.Now.
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
		t := take{g.keys, "verify-key:" + req.Key, now}
		if err := g.take(ctx, t, "too many codes for this caller", false); err != nil {
			return Verification{}, err
		}
		taken = append(taken, t)
	}
	t := take{g.recipients, "verify-to:" + phone.E164(), now}
	if err := g.take(ctx, t, "too many codes for this number", true); err != nil {
		return Verification{}, err
	}
	taken = append(taken, t)
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
	if c.Key != "" {
		if err := g.take(ctx, take{g.chks, "verify-key:" + c.Key, g.now()}, "too many checks for this caller", false); err != nil {
			return Outcome{}, err
		}
	}
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
