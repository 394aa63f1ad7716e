package middleware

import (
	"context"
	"errors"

	"github.com/smskit/sms"
)

// KeyFunc returns the key a message is limited under by RecipientLimit
// (KindLimit.Key, one per template kind). An error rejects the message:
// return an *sms.Error to choose its code (anything else becomes
// InvalidArgument, not accepted).
//
// Keys are chosen by whoever sends: key by what an attacker cannot vary
// cheaply. A user id or client IP carried in the context works as well as
// the recipient:
//
//	Verification: middleware.KindLimit{Key: func(ctx context.Context, msg sms.Message) (string, error) {
//		ip, ok := ctx.Value(clientIPKey{}).(string)
//		if !ok {
//			return "", errors.New("no client IP")
//		}
//		return ip, nil
//	}}
type KeyFunc func(ctx context.Context, msg sms.Message) (string, error)

// RecipientKey returns a KeyFunc that keys by recipient in E.164, so that
// "13800138000" and "+8613800138000" share one budget. Numbers without a
// country code belong to region (empty means sms.DefaultRegion).
//
// A recipient that sms.ParsePhone refuses is rejected with its *sms.Error
// (InvalidArgument, not accepted): it cannot be keyed, and no provider would
// accept it anyway.
func RecipientKey(region string) KeyFunc {
	return func(_ context.Context, msg sms.Message) (string, error) {
		return e164(msg.To, region)
	}
}

// TemplateRecipientKey returns a KeyFunc that keys by template and recipient
// in E.164: a login code and an order notice to the same number have
// separate budgets. It parses numbers as RecipientKey does.
func TemplateRecipientKey(region string) KeyFunc {
	return func(_ context.Context, msg sms.Message) (string, error) {
		to, err := e164(msg.To, region)
		if err != nil {
			return "", err
		}
		return msg.Template + "\x00" + to, nil
	}
}

// e164 returns raw in E.164, or sms.ParsePhone's error marked as the
// recipient limit's.
func e164(raw, region string) (string, error) {
	p, err := sms.ParsePhone(raw, region)
	if err != nil {
		return "", asLimitError(err)
	}
	return e164Of(raw, p), nil
}

// asLimitError returns err as an *sms.Error from the recipient limit: a copy
// of the *sms.Error in err's chain with Provider set, or InvalidArgument.
func asLimitError(err error) error {
	if _, ok := errors.AsType[*sms.Error](err); ok {
		return sms.WithProvider(err, recipientLimitProvider)
	}
	return &sms.Error{
		Code:        sms.InvalidArgument,
		NotAccepted: true,
		Provider:    recipientLimitProvider,
		Message:     "no limit key for this message",
		Err:         err,
	}
}
