package senderkit

import (
	"time"

	"github.com/smskit/sms"
)

// Config is what fake.Options and dryrun.Options have in common.
type Config struct {
	// Provider names the sender on results and errors; empty means
	// DefaultProvider.
	Provider string
	// DefaultProvider is the sender's own name ("fake", "dryrun").
	DefaultProvider string
	// DefaultRegion is the region of numbers written without a country
	// code; empty means Rules.DefaultRegion, then sms.DefaultRegion.
	DefaultRegion string
	// Rules are the rules of the provider the sender stands in for; the
	// zero value is sms.Rules{Provider: the sender's name}.
	Rules sms.Rules
	// Templates are the application's declared templates.
	Templates []sms.Template
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Base is a Config with its defaults filled in and its Validator compiled:
// the per-sender state that every send reads and none writes. A sender
// keeps it by value, before its senderkit.CacheLinePad.
type Base struct {
	// Provider is the sender's name, on every Result and error.
	Provider string
	// Region is the region of numbers written without a country code.
	Region string
	// Now is the clock.
	Now func() time.Time
	// Validator checks every message first (Validator.Prepare).
	Validator *sms.Validator
	// IDs makes the ids of the sender's calls, each starting with
	// DefaultProvider and "-" ("fake-", "dryrun-"), deterministic for
	// Provider.
	IDs IDs
}

// New fills in c's defaults and compiles its Rules and Templates, or
// returns an error wrapping sms.ErrInvalidOptions that names the sender.
//
// The Rules' Provider is replaced by the sender's name, so that errors name
// the sender, but it stays the default of the Rules' TemplateKey: a fake
// given Aliyun's rules reads Template.Codes["aliyun"], whatever it is
// called.
func New(c Config) (Base, error) {
	b := Base{Provider: c.Provider, Now: c.Now}
	if b.Provider == "" {
		b.Provider = c.DefaultProvider
	}
	if b.Now == nil {
		b.Now = time.Now
	}
	rules := c.Rules
	if rules.TemplateKey == "" {
		rules.TemplateKey = rules.Provider
	}
	rules.Provider = b.Provider
	if c.DefaultRegion != "" {
		rules.DefaultRegion = c.DefaultRegion
	}
	v, err := sms.NewValidator(rules, c.Templates)
	if err != nil {
		return Base{}, err
	}
	b.Validator = v
	b.Region = v.Rules().DefaultRegion
	b.IDs = NewIDs(c.DefaultProvider+"-", b.Provider)
	return b, nil
}
