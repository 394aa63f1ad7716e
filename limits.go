package sms

import "github.com/smskit/sms/internal/redact"

// The size limits every Sender in this module enforces before any request,
// whatever the provider: they keep a hostile or broken caller from making a
// send allocate megabytes, and an error or log line from quoting them.
// Providers enforce their own, tighter, documented limits on top (see
// Rules).
const (
	// MaxRecipientLength is the longest Message.To, in bytes: a formatted
	// phone number with room to spare.
	MaxRecipientLength = 64
	// MaxNameLength is the longest Message.Template and Message.Sign, and the
	// longest declared Template.Name, in characters.
	MaxNameLength = 128
	// MaxParams is the most params one message may carry.
	MaxParams = 32
	// MaxParamKeyLength is the longest param key, in characters.
	MaxParamKeyLength = 64
	// MaxParamLength is the longest param value, in characters.
	MaxParamLength = 1024
	// MaxBodyLength is the longest Message.Body, in characters; body-based
	// providers allow less (Twilio: 1,600).
	MaxBodyLength = 4096
	// MaxReferenceLength is the longest Message.Reference, in characters
	// (Aliyun's OutId allows under 256).
	MaxReferenceLength = 256
	// MaxQuoteLength is the most characters of a caller's string (a
	// template or param name) that an error quotes.
	MaxQuoteLength = 64
)

// Quote quotes s for an error or log line, as strconv.Quote does, cut to
// MaxQuoteLength characters with "…" marking the cut, so that no error grows
// with its input. Use it for names only: values (numbers, params, bodies)
// are never quoted at all.
func Quote(s string) string { return redact.Quote(s, MaxQuoteLength) }
