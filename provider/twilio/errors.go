package twilio

import (
	"context"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio/internal/wire"
)

// ErrUnexpectedAnswer is wrapped by the *sms.Error of an answer that is not
// the API's: a 2xx without a valid message SID, any 3xx, or a 4xx or 5xx
// without Twilio's error body (a gateway's HTML page, a cut or unreadable
// body). Such an answer may have come after the request reached Twilio, so
// its error is never NotAccepted. provider/twilio/twilioverify wraps the
// same error.
var ErrUnexpectedAnswer = wire.ErrUnexpectedAnswer

// The classification of answers and failures is shared with
// provider/twilio/twilioverify, in internal/wire: see its Failure,
// FromAnswer and FromCode, and the package doc for the table.

// failure is wire's Failure for a Messages API call.
func (s *Sender) failure(ctx context.Context, c *wire.Call, err error, to, national, text string, params map[string]string) *sms.Error {
	values := make([]string, 0, 1+len(params))
	values = append(values, text)
	for _, v := range params {
		values = append(values, v)
	}
	return s.client.Failure(ctx, c, err, s.client.Secrets(to, national, values...), national, aMessage)
}

// contextError is sms.ContextError for this provider.
func contextError(err error, notAccepted bool) *sms.Error { return wire.ContextError(err, notAccepted) }
