package verify

import (
	"slices"
	"strconv"
	"time"

	"github.com/nyaruka/phonenumbers"

	"github.com/smskit/sms"
)

// Name is the provider name of the local backend's errors (sms.Error.Provider)
// and configuration errors.
const Name = "verify"

// The defaults of Options, drawn from Aliyun's Dypnsapi and Twilio Verify.
const (
	// DefaultCodeLength is the default length of a code: 6, Twilio's
	// default (Aliyun's is 4, too few for a 5-attempt budget).
	DefaultCodeLength = 6
	// MinCodeLength and MaxCodeLength bound Options.CodeLength and the
	// length of Request.Code: Twilio's 4–10 (Aliyun allows 4–8).
	MinCodeLength, MaxCodeLength = 4, 10
	// DefaultValidFor is how long a code is accepted: Aliyun's ValidTime
	// default, 300 s (Twilio's is 10 minutes).
	DefaultValidFor = 5 * time.Minute
	// DefaultInterval is the least time between two codes of one
	// verification: Aliyun's Interval default, 60 s.
	DefaultInterval = time.Minute
	// DefaultMaxSends caps the codes of one verification: Twilio's 5.
	DefaultMaxSends = 5
	// MaxSendsLimit is the largest Options.MaxSends: a store compares a
	// check against this many code slots, whatever a verification holds,
	// so that every check costs the same.
	MaxSendsLimit = 10
	// DefaultMaxAttempts caps the checks of one verification: Twilio's 5.
	DefaultMaxAttempts = 5
	// MaxAttemptsLimit is the largest Options.MaxAttempts.
	MaxAttemptsLimit = 20
	// DefaultCodeParam is the template variable that carries the code.
	DefaultCodeParam = "code"
	// MinSecretLength is the least length of Options.Secret: the HMAC key.
	MinSecretLength = 32
	// MaxPurposeLength bounds Request.Purpose and Check.Purpose.
	MaxPurposeLength = 64
)

// The alphabets of codes.
const (
	// Digits is the default alphabet: 0–9, what every keypad types.
	Digits = "0123456789"
	// Alphanumeric is upper-case letters and digits without the characters
	// people confuse (0/O, 1/I/L): 31 symbols. Checks fold lower case to
	// upper case, so users may type either.
	Alphanumeric = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
)

// Options configures the local backend (New). Sender, Template and
// Templates are required; every other zero field means its default.
type Options struct {
	// Sender sends the codes: typically the recommended middleware stack
	// around a provider. Required.
	Sender sms.Sender
	// Template names the template that carries the code; required. It
	// must be declared in Templates with Kind sms.KindVerification and,
	// when it has a Text, use CodeParam in it.
	Template string
	// Templates are the application's declared templates (as given to the
	// provider).
	Templates []sms.Template
	// CodeParam is the template variable the code goes into. Empty means
	// DefaultCodeParam ("code").
	CodeParam string
	// Params are fixed params sent with every code, such as
	// {"minutes": "5"}. They are copied by New; they must not name
	// CodeParam.
	Params map[string]string
	// Sign is the sign name of the codes' SMS; empty means the
	// provider's default.
	Sign string
	// CodeLength is the length of random codes, from MinCodeLength to
	// MaxCodeLength. Zero means DefaultCodeLength (6).
	CodeLength int
	// Alphabet is the set of characters of random codes: Digits (the
	// default when empty), Alphanumeric, or 2 to 64 distinct ASCII letters
	// and digits of your own.
	Alphabet string
	// ValidFor is how long a code is accepted. Zero means
	// DefaultValidFor (5m); at most 24h.
	ValidFor time.Duration
	// Interval is the least time between two codes of one verification.
	// Zero means DefaultInterval (60s); negative means none.
	Interval time.Duration
	// MaxSends caps the codes of one verification, from 1 to
	// MaxSendsLimit. Zero means DefaultMaxSends (5).
	MaxSends int
	// MaxAttempts caps the checks of one verification, from 1 to
	// MaxAttemptsLimit; the check that reaches it burns the code. Zero
	// means DefaultMaxAttempts (5).
	MaxAttempts int
	// Duplicate says which codes a resend leaves valid: ReplaceOld (the
	// default: only the newest) or KeepAll.
	Duplicate DuplicatePolicy
	// Secret is the HMAC key of the stored hashes, at least
	// MinSecretLength bytes, copied by New. It is required with a Store
	// of your own: every instance of a fleet must share it. With the
	// default memory store, nil means a random secret.
	Secret []byte
	// Store keeps the pending verifications. Nil means a new
	// NewMemoryStore(MemoryStoreOptions{}), for one process.
	Store Store
	// DefaultRegion is the region of numbers written without a country
	// code. Empty means sms.DefaultRegion ("CN").
	DefaultRegion string
	// Now is the clock. Nil means time.Now.
	Now func() time.Time
}

// maxValidFor bounds Options.ValidFor: Twilio allows at most 24 hours.
const maxValidFor = 24 * time.Hour

// optionsError is a configuration error of this package.
func optionsError(reason string) error { return sms.NewOptionsError(Name, reason) }

// validate checks opts and returns them with defaults filled in and
// Params, Secret and Templates copied.
func (opts Options) validate() (Options, error) {
	if opts.Sender == nil {
		return opts, optionsError("Options.Sender is nil: pass the sms.Sender that sends the codes")
	}
	if opts.Template == "" {
		return opts, optionsError("Options.Template is empty: name a declared template of kind verification")
	}
	idx, err := sms.IndexTemplates(opts.Templates)
	if err != nil {
		return opts, err
	}
	t, ok := idx[opts.Template]
	if !ok {
		return opts, optionsError("Options.Template " + sms.Quote(opts.Template) + " is not declared in Options.Templates")
	}
	if t.Kind != sms.KindVerification {
		return opts, optionsError("Options.Template " + sms.Quote(opts.Template) + " is of kind " + t.Kind.String() + "; codes need a template of kind verification")
	}
	if opts.CodeParam == "" {
		opts.CodeParam = DefaultCodeParam
	}
	if _, ok := opts.Params[opts.CodeParam]; ok {
		return opts, optionsError("Options.Params names the code param " + sms.Quote(opts.CodeParam))
	}
	if t.Text != "" {
		vars, err := t.Vars()
		if err != nil {
			return opts, err
		}
		if !slices.Contains(vars, opts.CodeParam) {
			return opts, optionsError("Options.Template " + sms.Quote(opts.Template) + " has no variable " + sms.Quote(opts.CodeParam) + " for the code")
		}
	}
	params := make(map[string]string, len(opts.Params)+1)
	for k, v := range opts.Params {
		params[k] = v
	}
	opts.Params = params
	if opts.CodeLength == 0 {
		opts.CodeLength = DefaultCodeLength
	}
	if opts.CodeLength < MinCodeLength || opts.CodeLength > MaxCodeLength {
		return opts, optionsError("Options.CodeLength " + strconv.Itoa(opts.CodeLength) + " is not from " +
			strconv.Itoa(MinCodeLength) + " to " + strconv.Itoa(MaxCodeLength))
	}
	if opts.Alphabet == "" {
		opts.Alphabet = Digits
	}
	if reason := alphabetProblem(opts.Alphabet); reason != "" {
		return opts, optionsError("Options.Alphabet " + reason)
	}
	if opts.ValidFor == 0 {
		opts.ValidFor = DefaultValidFor
	}
	if opts.ValidFor < time.Second || opts.ValidFor > maxValidFor {
		return opts, optionsError("Options.ValidFor " + sms.RoundDuration(opts.ValidFor).String() + " is not from 1s to 24h")
	}
	switch {
	case opts.Interval == 0:
		opts.Interval = DefaultInterval
	case opts.Interval < 0:
		opts.Interval = 0
	}
	if opts.MaxSends == 0 {
		opts.MaxSends = DefaultMaxSends
	}
	if opts.MaxSends < 1 || opts.MaxSends > MaxSendsLimit {
		return opts, optionsError("Options.MaxSends " + strconv.Itoa(opts.MaxSends) + " is not from 1 to " + strconv.Itoa(MaxSendsLimit))
	}
	if opts.MaxAttempts == 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	if opts.MaxAttempts < 1 || opts.MaxAttempts > MaxAttemptsLimit {
		return opts, optionsError("Options.MaxAttempts " + strconv.Itoa(opts.MaxAttempts) + " is not from 1 to " + strconv.Itoa(MaxAttemptsLimit))
	}
	if opts.Duplicate != ReplaceOld && opts.Duplicate != KeepAll {
		return opts, optionsError("Options.Duplicate is neither ReplaceOld nor KeepAll")
	}
	if opts.Secret != nil && len(opts.Secret) < MinSecretLength {
		return opts, optionsError("Options.Secret is shorter than " + strconv.Itoa(MinSecretLength) + " bytes")
	}
	if opts.Secret == nil && opts.Store != nil {
		return opts, optionsError("Options.Secret is required with Options.Store: every instance sharing the store must hash with the same secret")
	}
	opts.Secret = append([]byte(nil), opts.Secret...)
	if opts.DefaultRegion == "" {
		opts.DefaultRegion = sms.DefaultRegion
	}
	if !knownRegion(opts.DefaultRegion) {
		return opts, optionsError("Options.DefaultRegion " + sms.Quote(opts.DefaultRegion) + " is not a region code such as \"CN\" or \"US\"")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return opts, nil
}

// knownRegion reports whether region is a region phone numbers belong to.
func knownRegion(region string) bool {
	return region == "001" || phonenumbers.GetCountryCodeForRegion(region) != 0
}

// alphabetProblem says what is wrong with an alphabet, or "".
func alphabetProblem(a string) string {
	if len(a) < 2 || len(a) > 64 {
		return "must have 2 to 64 characters"
	}
	var seen [128]bool
	for i := 0; i < len(a); i++ {
		c := a[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return "must hold only ASCII letters and digits"
		}
		if seen[c] {
			return "names a character twice"
		}
		seen[c] = true
	}
	return ""
}
