package middleware

import (
	"context"
	"errors"
	"time"

	"github.com/smskit/sms"
)

// RecipientLimitOptions configures RecipientLimit. The zero value limits
// each recipient by AliyunCodePolicy in a MemoryStore.
type RecipientLimitOptions struct {
	// Store keeps the send history and applies the policy. Nil means a
	// MemoryStore built from Policy and MaxKeys.
	Store Store
	// Policy is the memory store's policy when Store is nil. Nil means
	// AliyunCodePolicy().
	Policy Policy
	// MaxKeys is the memory store's cap when Store is nil. Zero means
	// DefaultMaxKeys.
	MaxKeys int
	// Key returns the key a message is limited under. Nil means
	// RecipientKey(Region).
	Key KeyFunc
	// Region is the region of numbers written without a country code, for
	// the default Key. Empty means sms.DefaultRegion.
	Region string
	// Now is the clock. Nil means time.Now.
	Now func() time.Time
}

// recipientLimitProvider names the RecipientLimit middleware in its errors.
const recipientLimitProvider = "recipientlimit"

// RecipientLimit returns a middleware that limits sends per key, by default
// per recipient: the guard against SMS pumping, where an attacker makes you
// pay for messages to numbers of their choosing, and against flooding one
// phone with codes.
//
// A message over the limit is rejected before it reaches the provider with
// an *sms.Error of code RateLimited, NotAccepted, Provider "recipientlimit"
// and RetryAfter set to when the key's next send would be allowed. A store
// that is full (ErrStoreFull) rejects the same way; a store that fails
// otherwise rejects with Unavailable: the limit fails closed.
//
// Each logical message counts once: place RecipientLimit outside Retry. A
// message whose send fails definitely not accepted gives its count back
// (Store.Refund), as the provider counts only accepted messages; a message
// that may have been accepted keeps it.
//
// All Senders the middleware wraps share one store, so a recipient's budget
// holds across providers. When the default store cannot be built because
// Policy is not valid, every send fails with that InvalidArgument error;
// call Policy.Validate at startup to find out earlier.
func RecipientLimit(opts RecipientLimitOptions) sms.Middleware {
	l := &recipientLimit{store: opts.Store, key: opts.Key, now: opts.Now}
	if l.store == nil {
		l.store, l.err = NewMemoryStore(MemoryStoreOptions{Policy: opts.Policy, MaxKeys: opts.MaxKeys})
	}
	if l.key == nil {
		l.key = RecipientKey(opts.Region)
	}
	if l.now == nil {
		l.now = time.Now
	}
	return func(next sms.Sender) sms.Sender {
		return &recipientLimited{recipientLimit: l, next: next}
	}
}

type recipientLimit struct {
	store Store
	err   error // why the default store could not be built
	key   KeyFunc
	now   func() time.Time
}

type recipientLimited struct {
	*recipientLimit
	next sms.Sender
}

func (l *recipientLimited) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	if l.err != nil {
		return sms.Result{}, l.err
	}
	key, err := l.key(ctx, msg)
	if err != nil {
		return sms.Result{}, asLimitError(err)
	}
	now := l.now()
	ok, retryAfter, err := l.store.Take(ctx, key, now)
	switch {
	case errors.Is(err, ErrStoreFull):
		// The limiter is full, not this recipient's budget spent: a
		// capacity problem of this process, not PerRecipient.
		e := l.reject(retryAfter, "too many recipients tracked", err)
		e.PerRecipient = false
		return sms.Result{}, e
	case err != nil:
		return sms.Result{}, &sms.Error{
			Code:        sms.Unavailable,
			NotAccepted: true,
			Provider:    recipientLimitProvider,
			Message:     "recipient limit store failed",
			Err:         err,
		}
	case !ok:
		return sms.Result{}, l.reject(retryAfter, "too many messages for this recipient", nil)
	}
	res, err := l.next.Send(ctx, msg)
	if err != nil && sms.IsNotAccepted(err) {
		// Best effort: a refund that fails keeps the count, the safe side.
		_ = l.store.Refund(context.WithoutCancel(ctx), key, now)
	}
	return res, err
}

func (l *recipientLimited) reject(retryAfter time.Duration, message string, err error) *sms.Error {
	return &sms.Error{
		Code:         sms.RateLimited,
		NotAccepted:  true,
		PerRecipient: true,
		Provider:     recipientLimitProvider,
		RetryAfter:   retryAfter,
		Message:      message,
		Err:          err,
	}
}
