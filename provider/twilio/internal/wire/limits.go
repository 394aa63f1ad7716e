package wire

import "time"

// Name is the provider name of every *sms.Error of the Twilio packages.
const Name = "twilio"

// The bounds on what one call reads.
const (
	// MaxAnswerBytes is the most of an answer's body a call reads (and,
	// with a Client's default transport, of its header). Twilio's answers
	// are a few kilobytes; a longer one is not Twilio's and is classified
	// as an answer that may have been accepted.
	MaxAnswerBytes = 64 << 10
	// MaxRetryAfter bounds the RetryAfter read from a Retry-After header.
	MaxRetryAfter = time.Hour
)
