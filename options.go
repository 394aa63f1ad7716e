package sms

import (
	"errors"
	"strings"
)

// ErrInvalidOptions is wrapped by every error a constructor returns for
// options that cannot work: a missing sign, a malformed template, a policy
// that refuses everything. It is a configuration error, found before any
// message is sent, so it is deliberately not an *Error: nothing was sent and
// nothing can be retried; fix the configuration.
//
//	if errors.Is(err, sms.ErrInvalidOptions) { log.Fatal(err) }
var ErrInvalidOptions = errors.New("invalid options")

// OptionsError is a configuration error of one package or provider. It
// unwraps to ErrInvalidOptions and to the rule it broke, if any.
type OptionsError struct {
	// Provider names the package or provider whose options are wrong, such
	// as "aliyun" or "middleware".
	Provider string
	// Reason says what is wrong and how to fix it. It never holds a secret.
	Reason string
	// Err is the rule broken, such as a *ParseError; may be nil.
	Err error
}

// NewOptionsError returns an *OptionsError for provider's options.
func NewOptionsError(provider, reason string) error {
	return &OptionsError{Provider: provider, Reason: reason}
}

// Error reads "sms: aliyun: invalid options: reason".
func (e *OptionsError) Error() string {
	var b strings.Builder
	b.WriteString("sms: ")
	if e.Provider != "" {
		b.WriteString(e.Provider)
		b.WriteString(": ")
	}
	b.WriteString("invalid options: ")
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns ErrInvalidOptions and the rule broken.
func (e *OptionsError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalidOptions}
	}
	return []error{ErrInvalidOptions, e.Err}
}
