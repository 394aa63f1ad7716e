package middleware

import (
	"errors"
	"strconv"
	"time"

	"github.com/nyaruka/phonenumbers"

	"github.com/smskit/sms"
)

// Every options type of this package has a Validate method, which reports
// options that cannot work with an error wrapping sms.ErrInvalidOptions
// (an *sms.OptionsError naming "middleware"): a configuration error, found
// before any message is sent, never an *sms.Error on every send. NewStack
// and NewMemoryStore return it; the constructors that return an
// sms.Middleware (Logging, RecipientLimit, Retry, ...) panic with it, as
// regexp.MustCompile does, since a middleware built from constant options
// either always works or never does. Call Validate, or build the stack
// with NewStack, where options come from configuration.

// optionsProvider names this package in its configuration errors.
const optionsProvider = "middleware"

// optionsError returns a configuration error of this package.
func optionsError(reason string) error {
	return sms.NewOptionsError(optionsProvider, reason)
}

// within prefixes a configuration error's reason with where it was found,
// such as "StackOptions.Retry".
func within(where string, err error) error {
	if err == nil {
		return nil
	}
	if oe, ok := errors.AsType[*sms.OptionsError](err); ok {
		c := *oe
		c.Provider = optionsProvider
		c.Reason = where + ": " + c.Reason
		return &c
	}
	return &sms.OptionsError{Provider: optionsProvider, Reason: where + ": " + err.Error(), Err: err}
}

// mustValid panics with err when it is not nil: the constructors that
// return an sms.Middleware have no other way to refuse options.
func mustValid(err error) {
	if err != nil {
		panic(err)
	}
}

// checkRegion checks an ISO 3166-1 region option; empty is allowed.
func checkRegion(field, region string) error {
	if region == "" || knownRegion(region) {
		return nil
	}
	return optionsError(field + " " + sms.Quote(region) + " is not a region code such as \"CN\" or \"US\"")
}

// knownRegion reports whether region is a region phone numbers belong to:
// an ISO 3166-1 code with a country calling code, or "001" for
// non-geographic numbers.
func knownRegion(region string) bool {
	return region == "001" || phonenumbers.GetCountryCodeForRegion(region) != 0
}

// checkNotNegative checks a duration option whose negative values mean
// nothing.
func checkNotNegative(field string, d time.Duration) error {
	if d < 0 {
		return optionsError(field + " is negative (" + sms.RoundDuration(d).String() + ")")
	}
	return nil
}

// checkCount checks a count option whose negative values mean nothing.
func checkCount(field string, n int) error {
	if n < 0 {
		return optionsError(field + " is negative (" + strconv.Itoa(n) + ")")
	}
	return nil
}
