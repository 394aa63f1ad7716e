package twilio

import (
	"strconv"

	"github.com/smskit/sms/provider/twilio/internal/wire"
)

// The limits the Sender enforces. Inputs are checked before any request,
// with the core's limits (sms.MaxParamLength and the others) and these;
// answers are read through MaxAnswerBytes, so a broken or hostile server
// cannot make a send allocate more than that.
const (
	// MaxBodyLength is the longest text Twilio's Messages API takes, in
	// characters (Twilio's Body parameter: "up to 1,600 characters"), for a
	// Message.Body and for a template's rendered text alike. A longer text
	// is refused before any request with InvalidArgument wrapping
	// sms.ErrInvalidBody.
	MaxBodyLength = 1600
	// MaxAnswerBytes is the most of an answer's body the Sender reads (and,
	// with the Sender's own transport, of its header). Twilio's answers are
	// a few kilobytes; a longer one is not Twilio's and is classified as an
	// answer that may have been accepted.
	MaxAnswerBytes = wire.MaxAnswerBytes
	// MaxRetryAfter bounds the RetryAfter read from a Retry-After header.
	MaxRetryAfter = wire.MaxRetryAfter
)

func itoa(n int) string { return strconv.Itoa(n) }
