package middleware

import (
	"context"
	"errors"
	"hash/maphash"
	"sync"

	"github.com/smskit/sms"
)

// KeyFunc returns the key a message is limited under by RecipientLimit. An
// error rejects the message: return an *sms.Error to choose its code
// (anything else becomes InvalidArgument, not accepted).
//
// Keys are chosen by whoever sends: key by what an attacker cannot vary
// cheaply. A user id or client IP carried in the context works as well as
// the recipient:
//
//	Key: func(ctx context.Context, msg sms.Message) (string, error) {
//		ip, ok := ctx.Value(clientIPKey{}).(string)
//		if !ok {
//			return "", errors.New("no client IP")
//		}
//		return ip, nil
//	}
type KeyFunc func(ctx context.Context, msg sms.Message) (string, error)

// RecipientKey returns a KeyFunc that keys by recipient in E.164, so that
// "13800138000" and "+8613800138000" share one budget. Numbers without a
// country code belong to region (empty means sms.DefaultRegion).
//
// A recipient that sms.ParsePhone refuses is rejected with its *sms.Error
// (InvalidArgument, not accepted): it cannot be keyed, and no provider would
// accept it anyway.
//
// Parsing a number costs tens of microseconds, so the KeyFunc remembers the
// E.164 form of the last 32,768 or so distinct spellings it parsed.
func RecipientKey(region string) KeyFunc {
	n := newNumberCache(region)
	return func(_ context.Context, msg sms.Message) (string, error) {
		return n.e164(msg.To)
	}
}

// TemplateRecipientKey returns a KeyFunc that keys by template and recipient
// in E.164: a login code and an order notice to the same number have
// separate budgets. It parses numbers as RecipientKey does.
func TemplateRecipientKey(region string) KeyFunc {
	n := newNumberCache(region)
	return func(_ context.Context, msg sms.Message) (string, error) {
		to, err := n.e164(msg.To)
		if err != nil {
			return "", err
		}
		return msg.Template + "\x00" + to, nil
	}
}

// numberCache remembers the E.164 form of recently parsed recipients. It is
// bounded: a shard that fills up is emptied.
type numberCache struct {
	region string
	seed   maphash.Seed
	shards [numberShards]numberShard
}

type numberShard struct {
	mu sync.RWMutex
	m  map[string]string
	_  [40]byte
}

const (
	numberShards   = 16
	numberShardCap = 2048
)

func newNumberCache(region string) *numberCache {
	c := &numberCache{region: region, seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[string]string)
	}
	return c
}

// e164 returns raw in E.164, or sms.ParsePhone's error marked as the
// recipient limit's.
func (c *numberCache) e164(raw string) (string, error) {
	sh := &c.shards[maphash.String(c.seed, raw)%numberShards]
	sh.mu.RLock()
	e, ok := sh.m[raw]
	sh.mu.RUnlock()
	if ok {
		return e, nil
	}
	p, err := sms.ParsePhone(raw, c.region)
	if err != nil {
		return "", asLimitError(err)
	}
	e = p.E164()
	if e == raw {
		e = raw // share raw's bytes
	}
	sh.mu.Lock()
	if len(sh.m) >= numberShardCap {
		clear(sh.m)
	}
	sh.m[raw] = e
	sh.mu.Unlock()
	return e, nil
}

// asLimitError returns err as an *sms.Error from the recipient limit: a copy
// of the *sms.Error in err's chain with Provider set, or InvalidArgument.
func asLimitError(err error) *sms.Error {
	if e, ok := errors.AsType[*sms.Error](err); ok {
		c := *e
		c.Provider = recipientLimitProvider
		return &c
	}
	return &sms.Error{
		Code:        sms.InvalidArgument,
		NotAccepted: true,
		Provider:    recipientLimitProvider,
		Message:     "no limit key for this message",
		Err:         err,
	}
}
