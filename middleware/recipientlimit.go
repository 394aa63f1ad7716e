package middleware

import (
	"context"
	"errors"
	"time"

	"github.com/smskit/sms"
)

// RecipientLimitOptions configures RecipientLimit. The zero value limits
// every message by the verification-code policy (AliyunCodePolicy, per
// recipient) in a MemoryStore: declare Templates so that notifications,
// promotions and international templates get their own.
type RecipientLimitOptions struct {
	// Templates are the application's templates, declared once (the same
	// list the providers get): a message naming one is limited by the
	// limit of its kind. A message naming a template that is not declared,
	// or carrying a body, is limited as a verification code, the strictest
	// kind: the middleware cannot tell what it is.
	Templates []sms.Template
	// Verification limits verification-code templates and every message of
	// unknown kind. Its zero value is AliyunCodePolicy per recipient.
	Verification KindLimit
	// Notification limits notification templates. Its zero value is
	// AliyunNotificationPolicy per template and recipient.
	Notification KindLimit
	// Promotion limits promotion templates. Its zero value is
	// AliyunNotificationPolicy per template and recipient.
	Promotion KindLimit
	// International limits international templates. Its zero value is
	// AliyunCodePolicy per template and recipient (see DefaultPolicy).
	International KindLimit
	// MaxKeys caps each memory store (one per kind whose Store is nil).
	// Zero means DefaultMaxKeys for verification and international
	// templates, and a quarter of it for notifications and promotions,
	// whose keys remember 50 sends each (about 245 bytes a key): about
	// 100 + 65 + 65 + 100 MB at most in all.
	MaxKeys int
	// DefaultRegion is the region of numbers written without a country
	// code, for the default keys. Empty means sms.DefaultRegion.
	DefaultRegion string
	// Now is the clock. Nil means time.Now.
	Now func() time.Time
}

// KindLimit is the per-recipient limit of one template kind. Its zero
// value is the kind's default: DefaultPolicy(kind) in a MemoryStore, under
// the kind's default key.
type KindLimit struct {
	// Policy is the memory store's policy when Store is nil. Nil means
	// DefaultPolicy of the kind.
	Policy Policy
	// Store keeps the kind's send history and applies its own policy. Nil
	// means a MemoryStore of Policy. Give each kind its own Store: one
	// Store has one policy.
	Store Store
	// Key returns the key a message of this kind is limited under. Nil
	// means RecipientKey for verification codes and TemplateRecipientKey
	// for the other kinds.
	Key KeyFunc
}

// Validate reports whether opts can work: declared templates that
// sms.IndexTemplates accepts, valid policies, a MaxKeys that is not
// negative and a known DefaultRegion. A violation wraps
// sms.ErrInvalidOptions.
func (opts RecipientLimitOptions) Validate() error {
	if _, err := sms.IndexTemplates(opts.Templates); err != nil {
		return within("RecipientLimitOptions.Templates", err)
	}
	for _, k := range limitedKinds {
		if p := opts.kindLimit(k).Policy; p != nil {
			if err := p.Validate(); err != nil {
				return within("RecipientLimitOptions."+kindField(k)+".Policy", err)
			}
		}
	}
	if err := checkCount("RecipientLimitOptions.MaxKeys", opts.MaxKeys); err != nil {
		return err
	}
	return checkRegion("RecipientLimitOptions.DefaultRegion", opts.DefaultRegion)
}

// limitedKinds are the kinds with a limit of their own.
var limitedKinds = [...]sms.TemplateKind{sms.KindVerification, sms.KindNotification, sms.KindPromotion, sms.KindInternational}

// kindLimit returns the options' limit for kind.
func (opts *RecipientLimitOptions) kindLimit(kind sms.TemplateKind) KindLimit {
	switch kind {
	case sms.KindNotification:
		return opts.Notification
	case sms.KindPromotion:
		return opts.Promotion
	case sms.KindInternational:
		return opts.International
	}
	return opts.Verification
}

// kindField names kind's field of RecipientLimitOptions.
func kindField(kind sms.TemplateKind) string {
	switch kind {
	case sms.KindNotification:
		return "Notification"
	case sms.KindPromotion:
		return "Promotion"
	case sms.KindInternational:
		return "International"
	}
	return "Verification"
}

// recipientLimitProvider names the RecipientLimit middleware in its errors.
const recipientLimitProvider = "recipientlimit"

// RecipientLimit returns a middleware that limits sends per key, by default
// per recipient: the guard against SMS pumping, where an attacker makes you
// pay for messages to numbers of their choosing, and against flooding one
// phone with codes.
//
// The limit depends on the message's template kind, learnt from
// opts.Templates: verification codes 1 a minute, 5 an hour and 10 a day to
// one number (Aliyun's own limits, AliyunCodePolicy); notifications and
// promotions 50 a day per template and number (AliyunNotificationPolicy);
// international templates the code policy per template and number. A login
// code followed a second later by an order notice is therefore sent. A
// message whose template is not declared, or that has a body instead, gets
// the verification-code limit: when in doubt, the strictest.
//
// A message over the limit is rejected before it reaches the provider with
// an *sms.Error of code RateLimited, NotAccepted, PerRecipient, Provider
// "recipientlimit" and RetryAfter set to when the key's next send would be
// allowed. A store that is full (ErrStoreFull: every key it tracks is
// still restricting) rejects the same way, but not PerRecipient: it is
// this process's capacity. A store that fails otherwise rejects with
// Unavailable: the limit fails closed.
//
// Each logical message counts once: place RecipientLimit outside Retry. A
// message whose send fails definitely not accepted gives its count back
// (Store.Refund), as the provider counts only accepted messages; a message
// that may have been accepted keeps it.
//
// All Senders the middleware wraps share the same stores, so a recipient's
// budget holds across providers. RecipientLimit panics with an error
// wrapping sms.ErrInvalidOptions when opts are not valid (see Validate).
func RecipientLimit(opts RecipientLimitOptions) sms.Middleware {
	l, err := newRecipientLimit(opts, newTimeSource(opts.Now))
	mustValid(err)
	return l.middleware()
}

// middleware returns the middleware whose senders share l.
func (l *recipientLimit) middleware() sms.Middleware {
	return func(next sms.Sender) sms.Sender {
		return &recipientLimited{recipientLimit: l, next: wrapNext(next)}
	}
}

// newRecipientLimit builds the state RecipientLimit's senders share, on
// the time source src.
func newRecipientLimit(opts RecipientLimitOptions, src *timeSource) (*recipientLimit, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	l := &recipientLimit{kinds: make(map[string]sms.TemplateKind, len(opts.Templates)), src: src, region: opts.DefaultRegion}
	for _, t := range opts.Templates {
		l.kinds[t.Name] = t.Kind
	}
	for _, kind := range limitedKinds {
		o := opts.kindLimit(kind)
		kl := &l.limits[kind]
		kl.store, kl.key = o.Store, o.Key
		if kl.store == nil {
			policy := o.Policy
			if policy == nil {
				policy = DefaultPolicy(kind)
			}
			maxKeys := opts.MaxKeys
			if maxKeys == 0 && (kind == sms.KindNotification || kind == sms.KindPromotion) {
				maxKeys = DefaultMaxKeys / 4
			}
			store, err := NewMemoryStore(MemoryStoreOptions{Policy: policy, MaxKeys: maxKeys})
			if err != nil {
				return nil, within("RecipientLimitOptions."+kindField(kind), err)
			}
			kl.store = store
		}
		if kl.key == nil {
			kl.key = TemplateRecipientKey(opts.DefaultRegion)
			kl.defaultKey = keyTemplateRecipient
			if kind == sms.KindVerification {
				kl.key = RecipientKey(opts.DefaultRegion)
				kl.defaultKey = keyRecipient
			}
		}
		_, kl.inMemory = kl.store.(*MemoryStore)
	}
	return l, nil
}

type recipientLimit struct {
	kinds  map[string]sms.TemplateKind // declared template name → kind
	limits [sms.KindInternational + 1]kindState
	src    *timeSource
	region string // RecipientLimitOptions.DefaultRegion, for the default keys
}

// kindState is the store and key of one kind.
type kindState struct {
	store      Store
	key        KeyFunc
	defaultKey defaultKey // which default key is key, if any
	inMemory   bool       // store is a *MemoryStore: Take does not wait
}

// defaultKey names the default KeyFunc of a kind, which RecipientLimit
// computes itself from the recipient that outer layers parsed.
type defaultKey int

const (
	keyCustom            defaultKey = iota // KindLimit.Key
	keyRecipient                           // RecipientKey
	keyTemplateRecipient                   // TemplateRecipientKey
)

// limitOf returns the limit of msg's kind: the verification limit for a
// template that is not declared, or a body.
func (l *recipientLimit) limitOf(msg sms.Message) *kindState {
	kind := sms.KindVerification
	if len(l.kinds) > 0 {
		if k, ok := l.kinds[msg.Template]; ok && k.Valid() {
			kind = k
		}
	}
	return &l.limits[kind]
}

// keyOf returns msg's key under kl: the default keys computed from the
// recipient parsed once per send (st), exactly as RecipientKey and
// TemplateRecipientKey compute them.
func (l *recipientLimit) keyOf(ctx context.Context, kl *kindState, msg sms.Message, st *sendState) (string, error) {
	if kl.defaultKey == keyCustom {
		return kl.key(ctx, msg)
	}
	p, err := st.parse(msg.To, l.region)
	if err != nil {
		return "", asLimitError(err)
	}
	to := e164Of(msg.To, p)
	if kl.defaultKey == keyTemplateRecipient {
		return msg.Template + "\x00" + to, nil
	}
	return to, nil
}

type recipientLimited struct {
	*recipientLimit
	next nextSender
}

// Unwrap returns the Sender l wraps (sms.Wrapper).
func (l *recipientLimited) Unwrap() sms.Sender { return l.next.next }

func (l *recipientLimited) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	return l.sendWith(ctx, msg, sendState{})
}

func (l *recipientLimited) sendWith(ctx context.Context, msg sms.Message, st sendState) (sms.Result, error) {
	if err := contextError(ctx); err != nil {
		return sms.Result{}, err
	}
	kl := l.limitOf(msg)
	key, err := l.keyOf(ctx, kl, msg, &st)
	if err != nil {
		return sms.Result{}, asLimitError(err)
	}
	if kl.defaultKey == keyCustom {
		st = st.fresh() // a KeyFunc of its own may have taken long
	}
	now := st.now(l.src)
	ok, retryAfter, err := kl.store.Take(ctx, key, now)
	if !kl.inMemory {
		// A store of its own (over the network) may take long: the
		// layers below read their clocks again.
		st = st.fresh()
	}
	switch {
	case errors.Is(err, ErrStoreFull):
		// The limiter is full, not this recipient's budget spent: a
		// capacity problem of this process, not PerRecipient.
		return sms.Result{}, &sms.Error{
			Code:        sms.RateLimited,
			NotAccepted: true,
			Provider:    recipientLimitProvider,
			RetryAfter:  retryAfter,
			Message:     "too many recipients restricted at once",
			Err:         err,
		}
	case err != nil:
		return sms.Result{}, &sms.Error{
			Code:        sms.Unavailable,
			NotAccepted: true,
			Provider:    recipientLimitProvider,
			Message:     "recipient limit store failed",
			Err:         err,
		}
	case !ok:
		return sms.Result{}, &sms.Error{
			Code:         sms.RateLimited,
			NotAccepted:  true,
			PerRecipient: true,
			Provider:     recipientLimitProvider,
			RetryAfter:   retryAfter,
			Message:      "too many messages for this recipient",
		}
	}
	res, err := l.next.send(ctx, msg, st)
	if err != nil && sms.IsNotAccepted(err) {
		// Best effort: a refund that fails keeps the count, the safe side.
		_ = kl.store.Refund(context.WithoutCancel(ctx), key, now)
	}
	return res, err
}
