package redisstore

import (
	"fmt"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// String describes o without its KeySecret (never its length or any part
// of it), such as `redisstore.LimitOptions{Prefix: "sms:limit:", KeySecret: hidden}`.
func (o LimitOptions) String() string {
	return describe("redisstore.LimitOptions", o.Prefix, o.KeySecret)
}

// GoString is String, so that %#v hides the KeySecret too.
func (o LimitOptions) GoString() string { return o.String() }

// Format prints String for every verb: %v, %d or %x of the KeySecret, a
// []byte, would otherwise print its bytes.
func (o LimitOptions) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }

// String describes o without its KeySecret, as LimitOptions.String does.
func (o VerifyOptions) String() string {
	return describe("redisstore.VerifyOptions", o.Prefix, o.KeySecret)
}

// GoString is String, so that %#v hides the KeySecret too.
func (o VerifyOptions) GoString() string { return o.String() }

// Format prints String for every verb, as LimitOptions.Format does.
func (o VerifyOptions) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }

// String describes s by its options, without the KeySecret.
func (s LimitStore) String() string {
	return describe("redisstore.LimitStore", s.opts.Prefix, s.opts.KeySecret)
}

// GoString is String, so that %#v hides the KeySecret too.
func (s LimitStore) GoString() string { return s.String() }

// Format prints String for every verb, so that no verb makes fmt walk the
// fields of a LimitStore, whose options hold the KeySecret.
func (s LimitStore) Format(f fmt.State, _ rune) { redact.Print(f, s.String()) }

// String describes s by its prefix, as LimitStore.String does.
func (s VerifyStore) String() string {
	return "redisstore.VerifyStore{Prefix: " + sms.Quote(s.opts.Prefix) + "}"
}

// GoString is String, so that %#v hides the KeySecret too.
func (s VerifyStore) GoString() string { return s.String() }

// Format prints String for every verb, as LimitStore.Format does.
func (s VerifyStore) Format(f fmt.State, _ rune) { redact.Print(f, s.String()) }

// describe writes name{Prefix: "…", KeySecret: hidden|unset}.
func describe(name, prefix string, secret []byte) string {
	return name + "{Prefix: " + sms.Quote(prefix) + ", KeySecret: " + redact.IsSet(len(secret) > 0) + "}"
}
