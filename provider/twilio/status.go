package twilio

import (
	"context"
	"strconv"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio/internal/wire"
)

// states maps Twilio's message statuses to delivery states.
var states = map[string]sms.DeliveryState{
	"accepted":    sms.StatePending,
	"scheduled":   sms.StatePending,
	"queued":      sms.StatePending,
	"sending":     sms.StatePending,
	"sent":        sms.StatePending,
	"delivered":   sms.StateDelivered,
	"read":        sms.StateDelivered,
	"undelivered": sms.StateFailed,
	"failed":      sms.StateFailed,
	"canceled":    sms.StateFailed,
}

// Status implements sms.StatusChecker: it fetches the message q.MessageID
// (q.To and q.SentAt are not needed) and maps Twilio's status: accepted,
// scheduled, queued, sending and sent are pending, delivered (and read) is
// delivered, undelivered, failed and canceled are failed. ProviderCode is
// Twilio's delivery error code ("30003") when there is one, and its status
// otherwise. A message Twilio does not know (its 20404 error answer) is
// StateNotFound. An answer that is not Twilio's, or is the Message
// resource of another SID, is an error wrapping ErrUnexpectedAnswer.
func (s *Sender) Status(ctx context.Context, q sms.StatusQuery) (sms.Status, error) {
	if ctx == nil {
		return sms.Status{}, refuse(sms.ErrNilContext, "nil context.Context: pass context.Background() or a request's context")
	}
	if err := ctx.Err(); err != nil {
		return sms.Status{}, contextError(err, true)
	}
	if !isMessageSID(q.MessageID) {
		return sms.Status{}, refuse(nil, `message id must be "SM" or "MM" and 32 hexadecimal digits`)
	}
	if s.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
		defer cancel()
	}
	c, api := s.newCall(ctx)
	_, err := api.FetchMessage(q.MessageID, nil)
	a := c.Answer()
	switch {
	case a == nil:
		return sms.Status{}, s.failure(ctx, c, err, "", "", "", nil)
	case a.Status == 404 && a.TwilioCode() == 20404:
		return sms.Status{State: sms.StateNotFound, Provider: Name, MessageID: q.MessageID}, nil
	case !a.OK():
		return sms.Status{}, s.client.FromAnswer(a, "", aMessage)
	}
	m, ok := message(a)
	if !ok || *m.SID != q.MessageID {
		return sms.Status{}, s.client.FromAnswer(a, "", aMessage)
	}
	return toStatus(q.MessageID, m), nil
}

// toStatus maps a fetched message to a Status. It copies only what it
// checked: a status Twilio documents, an error code of five digits.
func toStatus(sid string, m resource) sms.Status {
	st := sms.Status{Provider: Name, MessageID: sid}
	if m.Status != nil {
		if state, ok := states[*m.Status]; ok {
			st.State, st.ProviderCode = state, *m.Status
		}
	}
	if m.ErrorCode != nil && wire.TwilioCode(*m.ErrorCode) != 0 {
		st.ProviderCode = strconv.Itoa(*m.ErrorCode)
	}
	st.SentAt = parseDate(m.DateSent)
	if st.State.Final() {
		st.DoneAt = parseDate(m.DateUpdated)
	}
	return st
}

// parseDate parses one of Twilio's RFC 2822 dates, or returns zero.
func parseDate(s *string) time.Time {
	if s == nil || len(*s) > 64 {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC1123Z, *s)
	if err != nil {
		return time.Time{}
	}
	return t
}
