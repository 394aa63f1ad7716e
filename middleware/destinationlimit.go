package middleware

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/smskit/sms"
)

// DestinationLimitOptions configures DestinationLimit. The zero value
// allows every destination without limit: the middleware then passes
// sends through untouched.
type DestinationLimitOptions struct {
	// Allow, when not empty, lists the destination regions messages may go
	// to (ISO 3166-1 codes such as "CN" and "US"; "001" for non-geographic
	// numbers such as +882): a message to any other region is refused.
	// This is Twilio Verify's "geo permissions": SMS pumping mostly goes to
	// countries an application never serves.
	Allow []string
	// PerCountry is the bucket each destination region gets, unless
	// Countries names its own. The zero Bucket means no per-country limit.
	PerCountry Bucket
	// Countries overrides PerCountry for the regions it names; a zero
	// Bucket there means no limit for that region.
	Countries map[string]Bucket
	// Prefixes limit numbers whose E.164 form starts with a prefix, each
	// prefix with its own bucket, on top of the country's: a message takes
	// a token from every bucket that applies to it.
	Prefixes []PrefixLimit
	// DefaultRegion is the region of numbers written without a country
	// code. Empty means sms.DefaultRegion.
	DefaultRegion string
	// Now is the clock of the buckets. Nil means time.Now.
	Now func() time.Time
}

// PrefixLimit limits the numbers that start with Prefix.
type PrefixLimit struct {
	// Prefix is "+" and the first digits of the numbers in E.164, such as
	// "+8617" or "+1876" (Jamaica, inside +1).
	Prefix string
	// Bucket limits the sends to all those numbers together.
	Bucket
}

// enabled reports whether opts restrict anything.
func (opts DestinationLimitOptions) enabled() bool {
	return len(opts.Allow) > 0 || !opts.PerCountry.IsZero() || len(opts.Countries) > 0 || len(opts.Prefixes) > 0
}

// Validate reports whether opts can work: known regions, buckets with a
// Limit of at least 1 and a Per of at least a second, and prefixes of "+"
// and 1 to 15 digits, each named once. A violation wraps
// sms.ErrInvalidOptions.
func (opts DestinationLimitOptions) Validate() error {
	for _, r := range opts.Allow {
		if !knownRegion(r) {
			return optionsError("DestinationLimitOptions.Allow: " + sms.Quote(r) + " is not a region code such as \"CN\" or \"US\"")
		}
	}
	if !opts.PerCountry.IsZero() {
		if err := opts.PerCountry.validate("DestinationLimitOptions.PerCountry"); err != nil {
			return err
		}
	}
	for r, b := range opts.Countries {
		field := "DestinationLimitOptions.Countries[" + sms.Quote(r) + "]"
		if !knownRegion(r) {
			return optionsError(field + ": not a region code such as \"CN\" or \"US\"")
		}
		if !b.IsZero() {
			if err := b.validate(field); err != nil {
				return err
			}
		}
	}
	seen := make(map[string]bool, len(opts.Prefixes))
	for i, p := range opts.Prefixes {
		field := "DestinationLimitOptions.Prefixes[" + strconv.Itoa(i) + "]"
		if !validPrefix(p.Prefix) {
			return optionsError(field + ": Prefix " + sms.Quote(p.Prefix) + " is not \"+\" and 1 to 15 digits, such as \"+8617\"")
		}
		if seen[p.Prefix] {
			return optionsError(field + ": Prefix " + sms.Quote(p.Prefix) + " is named twice")
		}
		seen[p.Prefix] = true
		if err := p.Bucket.validate(field); err != nil {
			return err
		}
	}
	return checkRegion("DestinationLimitOptions.DefaultRegion", opts.DefaultRegion)
}

// validPrefix reports whether p is "+" and 1 to 15 digits, the first not 0.
func validPrefix(p string) bool {
	if len(p) < 2 || len(p) > 16 || p[0] != '+' || p[1] == '0' {
		return false
	}
	for i := 1; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return true
}

// ErrDestinationNotAllowed is wrapped in the *sms.Error DestinationLimit
// returns for a number outside DestinationLimitOptions.Allow.
var ErrDestinationNotAllowed = errors.New("middleware: destination region not allowed")

// destinationLimitProvider names the DestinationLimit middleware in its
// errors.
const destinationLimitProvider = "destinationlimit"

// DestinationLimit returns a middleware that limits where messages go, the
// defense against SMS pumping that needs no memory per number: an
// allowlist of destination regions, and token buckets per region and per
// number prefix. An attacker who sends to a million numbers of one
// country, or of one premium range, empties that one bucket; everyone
// else's messages still go.
//
// A message to a region outside Allow is refused with an *sms.Error of code
// InvalidArgument, NotAccepted, Provider "destinationlimit", wrapping
// ErrDestinationNotAllowed. A message that finds a bucket empty is refused
// with RateLimited, NotAccepted, RetryAfter set to when the bucket will
// hold a token again. The errors name the region or the configured prefix,
// never the number. A message whose send then fails definitely not
// accepted gives its tokens back.
//
// All Senders the middleware wraps share its buckets. In the recommended
// stack it sits outside RecipientLimit, so that messages it refuses never
// reach the per-number store. DestinationLimit panics with an error
// wrapping sms.ErrInvalidOptions when opts are not valid (see Validate).
func DestinationLimit(opts DestinationLimitOptions) sms.Middleware {
	mustValid(opts.Validate())
	return newDestinationLimit(opts, newTimeSource(opts.Now))
}

// newDestinationLimit is DestinationLimit on the time source src.
func newDestinationLimit(opts DestinationLimitOptions, src *timeSource) sms.Middleware {
	if !opts.enabled() {
		return func(next sms.Sender) sms.Sender { return next }
	}
	l := &destinationLimit{
		perCountry: opts.PerCountry,
		countries:  make(map[string]*tokenBucket),
		region:     opts.DefaultRegion,
		src:        src,
	}
	if len(opts.Allow) > 0 {
		l.allow = make(map[string]bool, len(opts.Allow))
		for _, r := range opts.Allow {
			l.allow[r] = true
		}
	}
	for r, b := range opts.Countries {
		if b.IsZero() {
			l.countries[r] = nil // no limit
			continue
		}
		l.countries[r] = newTokenBucket(b)
	}
	for _, p := range opts.Prefixes {
		l.prefixes = append(l.prefixes, prefixBucket{prefix: p.Prefix, digits: []byte(p.Prefix), bucket: newTokenBucket(p.Bucket)})
	}
	return func(next sms.Sender) sms.Sender {
		return &destinationLimited{destinationLimit: l, next: wrapNext(next)}
	}
}

type destinationLimit struct {
	allow      map[string]bool // nil: every region
	perCountry Bucket
	region     string
	src        *timeSource

	mu sync.Mutex
	// countries holds a bucket per region: configured ones, and one per
	// region seen under PerCountry. Regions are a fixed set of about 250,
	// so the map cannot grow without bound whatever numbers are sent to.
	countries map[string]*tokenBucket
	prefixes  []prefixBucket
}

type prefixBucket struct {
	prefix string
	digits []byte // prefix, to compare without allocating
	bucket *tokenBucket
}

// maxBuckets is how many buckets one message takes from without
// allocating: its region's and a few prefixes'.
const maxBuckets = 8

type destinationLimited struct {
	*destinationLimit
	next nextSender
}

// Unwrap returns the Sender l wraps (sms.Wrapper).
func (l *destinationLimited) Unwrap() sms.Sender { return l.next.next }

func (l *destinationLimited) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	return l.sendWith(ctx, msg, sendState{})
}

func (l *destinationLimited) sendWith(ctx context.Context, msg sms.Message, st sendState) (sms.Result, error) {
	if err := contextError(ctx); err != nil {
		return sms.Result{}, err
	}
	phone, err := st.parse(msg.To, l.region)
	if err != nil {
		return sms.Result{}, sms.WithProvider(err, destinationLimitProvider)
	}
	if l.allow != nil && !l.allow[phone.Region] {
		return sms.Result{}, &sms.Error{
			Code:        sms.InvalidArgument,
			NotAccepted: true,
			Provider:    destinationLimitProvider,
			Message:     "messages to region " + phone.Region + " are not allowed (DestinationLimitOptions.Allow)",
			Err:         ErrDestinationNotAllowed,
		}
	}
	var buf [maxBuckets]*tokenBucket
	taken, err := l.take(phone, st.now(l.src).UnixNano(), buf[:0])
	if err != nil {
		return sms.Result{}, err
	}
	res, err := l.next.send(ctx, msg, st)
	if err != nil && sms.IsNotAccepted(err) && len(taken) > 0 {
		l.mu.Lock()
		for _, b := range taken {
			b.refund()
		}
		l.mu.Unlock()
	}
	return res, err
}

// take takes a token from every bucket that applies to phone at nowNs
// (unix nanoseconds on l.src), appending them to taken, or none if any is
// empty.
func (l *destinationLimit) take(phone sms.Phone, nowNs int64, taken []*tokenBucket) ([]*tokenBucket, error) {
	var e164 []byte
	if len(l.prefixes) > 0 {
		var buf [24]byte // "+", a country code, a national number: no allocation
		e164 = strconv.AppendInt(append(buf[:0], '+'), int64(phone.CountryCode), 10)
		e164 = append(e164, phone.National...)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait int64
	where := ""
	if b := l.countryBucket(phone.Region); b != nil {
		taken = append(taken, b)
		if w := b.wait(nowNs); w > wait {
			wait, where = w, "region "+phone.Region
		}
	}
	for i := range l.prefixes {
		p := &l.prefixes[i]
		if !bytes.HasPrefix(e164, p.digits) {
			continue
		}
		taken = append(taken, p.bucket)
		if w := p.bucket.wait(nowNs); w > wait {
			wait, where = w, "numbers starting "+p.prefix
		}
	}
	if wait > 0 {
		return nil, &sms.Error{
			Code:        sms.RateLimited,
			NotAccepted: true,
			Provider:    destinationLimitProvider,
			RetryAfter:  time.Duration(wait),
			Message:     "too many messages to " + where,
		}
	}
	for _, b := range taken {
		b.take()
	}
	return taken, nil
}

// countryBucket returns region's bucket, nil for none; l.mu is held.
func (l *destinationLimit) countryBucket(region string) *tokenBucket {
	if b, ok := l.countries[region]; ok {
		return b
	}
	if l.perCountry.IsZero() {
		return nil
	}
	b := newTokenBucket(l.perCountry)
	l.countries[region] = b
	return b
}
